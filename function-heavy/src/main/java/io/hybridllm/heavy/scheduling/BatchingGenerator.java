package io.hybridllm.heavy.scheduling;

import io.hybridllm.core.api.ApiError;
import io.hybridllm.core.api.ApiException;
import io.hybridllm.core.api.ChatMessage;
import io.hybridllm.core.model.Generation;
import io.hybridllm.core.model.GenerationParams;
import io.hybridllm.core.model.InferenceException;
import io.hybridllm.core.model.TextGenerator;
import io.hybridllm.core.model.TokenSink;
import io.hybridllm.heavy.decoding.DecoderConfig;
import io.hybridllm.heavy.decoding.OnnxDecoder;
import io.hybridllm.heavy.decoding.TextStreamer;
import java.util.List;
import java.util.function.IntConsumer;
import org.jboss.logging.Logger;

/**
 * The local decoder as a {@link TextGenerator}: renders and tokenises the conversation on the
 * caller's thread, submits the prompt to the {@link BatchScheduler}, and turns the tokens that come
 * back into text with its own {@link TextStreamer} (incremental detokenisation and stop strings
 * stay off the scheduler thread, which only runs the model and samples). A stop string, or a sink
 * that answers false, cancels the sequence, which frees its batch slot at the next step.
 */
public final class BatchingGenerator implements TextGenerator {

    private static final Logger LOG = Logger.getLogger(BatchingGenerator.class);

    private final OnnxDecoder decoder;
    private final BatchScheduler scheduler;
    private final String modelName;
    private final boolean truncateLongPrompts;

    /**
     * @param truncateLongPrompts when true, a conversation longer than the model's context keeps its
     *                            beginning-of-sequence token and its most recent tokens instead of
     *                            being rejected with 400 context_length_exceeded
     * @param batchSizes told the size of every decoding step
     */
    public BatchingGenerator(OnnxDecoder decoder, String modelName, boolean truncateLongPrompts,
                             BatchScheduler.Settings settings, IntConsumer batchSizes) {
        this.decoder = decoder;
        this.modelName = modelName;
        this.truncateLongPrompts = truncateLongPrompts;
        BatchScheduler.Settings effective = settings;
        if (!decoder.batchable() && settings.maxSequences() > 1) {
            LOG.warnf("the decoder graph has no position_ids input; decoding one sequence at a time instead of %d",
                    settings.maxSequences());
            effective = new BatchScheduler.Settings(1, settings.maxQueue(), settings.maxPrefillTokens(),
                    settings.maxQueueWait(), settings.retryAfterSeconds(), settings.overloadStatus());
        }
        this.scheduler = new BatchScheduler(decoder, effective, batchSizes);
        LOG.infof("continuous batching: up to %d sequences per step, %d queued, %d prefill tokens per pass",
                effective.maxSequences(), effective.maxQueue(), effective.maxPrefillTokens());
    }

    @Override
    public Generation generate(List<ChatMessage> conversation, GenerationParams params, TokenSink sink)
            throws InferenceException {
        long[] prompt = decoder.encode(decoder.renderPrompt(conversation));
        DecoderConfig config = decoder.config();
        int budget = params.maxTokens();
        if (config.maxPositions() > 0) {
            if (truncateLongPrompts) {
                prompt = keepRecentTokens(prompt, config.maxPositions() - Math.min(budget, config.maxPositions() / 4));
            }
            if (prompt.length >= config.maxPositions()) {
                throw new ApiException(ApiError.invalidRequest(400, "the conversation is " + prompt.length
                        + " tokens; this model's context is " + config.maxPositions() + " tokens", "messages",
                        "context_length_exceeded"));
            }
            budget = Math.min(budget, config.maxPositions() - prompt.length);
        }
        SequenceHandle handle = submit(prompt, params, budget);
        TextStreamer streamer = new TextStreamer(decoder::decode, params.stop());
        int tokens = 0;
        String reason = null;
        boolean cancelled = false;
        try {
            while (reason == null) {
                SequenceHandle.Event event = handle.next();
                if (event instanceof SequenceHandle.Token token) {
                    tokens++;
                    if (config.eosIds().contains(token.id())) {
                        continue; // the Finished event follows
                    }
                    String delta = streamer.push(token.id());
                    if (!delta.isEmpty() && !sink.accept(delta)) {
                        cancelled = true;
                        handle.cancel();
                        reason = "stop";
                    } else if (streamer.stopped()) {
                        handle.cancel();
                        reason = "stop";
                    }
                } else if (event instanceof SequenceHandle.Finished finished) {
                    reason = finished.reason();
                } else if (event instanceof SequenceHandle.Failed failed) {
                    throw SequenceHandle.rethrow(failed.error());
                }
            }
        } catch (InterruptedException e) {
            handle.cancel();
            Thread.currentThread().interrupt();
            throw new InferenceException("interrupted while waiting for tokens", e);
        }
        String tail = streamer.flush();
        if (!tail.isEmpty() && !cancelled) {
            sink.accept(tail);
        }
        String finish = "length".equals(reason) && !streamer.stopped() ? "length" : "stop";
        return new Generation(streamer.text(), prompt.length, tokens, finish);
    }

    /** Submits prompt ids directly (token-level callers: tests, benchmarks). */
    public SequenceHandle submit(long[] prompt, GenerationParams params) {
        return submit(prompt, params, params.maxTokens());
    }

    private SequenceHandle submit(long[] prompt, GenerationParams params, int budget) {
        return scheduler.submit(new SequenceRequest(prompt, budget, params.temperature(), params.topP(),
                params.seed(), decoder.config().eosIds()));
    }

    /** The first token when it is BOS, then the last tokens, {@code limit} in all. */
    private long[] keepRecentTokens(long[] prompt, int limit) {
        if (prompt.length <= limit) {
            return prompt;
        }
        boolean bos = prompt.length > 0 && prompt[0] == decoder.config().bosId();
        long[] kept = new long[limit];
        int head = bos ? 1 : 0;
        if (bos) {
            kept[0] = prompt[0];
        }
        System.arraycopy(prompt, prompt.length - (limit - head), kept, head, limit - head);
        return kept;
    }

    public OnnxDecoder decoder() {
        return decoder;
    }

    public BatchScheduler scheduler() {
        return scheduler;
    }

    @Override
    public String modelId() {
        return modelName;
    }

    @Override
    public String version() {
        return decoder.version();
    }

    @Override
    public void close() {
        scheduler.close();
        decoder.close();
    }
}
