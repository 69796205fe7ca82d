package io.hybridllm.heavy.scheduling;

import io.hybridllm.core.api.ApiException;
import io.hybridllm.core.model.InferenceException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The consumer's side of a submitted sequence: its tokens as the scheduler decodes them, then how
 * it ended. The scheduler only appends to an unbounded queue (bounded in practice by
 * {@code maxNewTokens}), so a slow consumer never stalls the batch.
 */
public final class SequenceHandle {

    /** What the scheduler reports about a sequence, in order. */
    public sealed interface Event permits Token, Finished, Failed {}

    /** A decoded token (an eos id too, as the last one). */
    public record Token(long id) implements Event {}

    /**
     * The sequence left the batch.
     *
     * @param reason {@code stop} (eos), {@code length} (maxNewTokens) or {@code cancelled}
     * @param peakBatch the largest batch it was decoded in
     */
    public record Finished(String reason, int peakBatch) implements Event {}

    /** Decoding failed ({@link InferenceException}) or the sequence was refused while queued. */
    public record Failed(Exception error) implements Event {}

    /** Everything a sequence produced, for callers that want token ids rather than text. */
    public record Result(List<Long> tokens, String finishReason, int peakBatch) {}

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private volatile boolean cancelled;

    SequenceHandle() {
    }

    /** The next event, waiting for it. */
    public Event next() throws InterruptedException {
        return events.take();
    }

    /** Ends the sequence at the scheduler's next iteration, freeing its slot; idempotent. */
    public void cancel() {
        cancelled = true;
    }

    public boolean cancelled() {
        return cancelled;
    }

    /** Collects every token until the sequence ends. */
    public Result await() throws InterruptedException, InferenceException {
        List<Long> tokens = new ArrayList<>();
        while (true) {
            Event event = next();
            if (event instanceof Token token) {
                tokens.add(token.id());
            } else if (event instanceof Finished finished) {
                return new Result(tokens, finished.reason(), finished.peakBatch());
            } else if (event instanceof Failed failed) {
                throw rethrow(failed.error());
            }
        }
    }

    /** The failure as the exception the consumer throws: API errors as they are, others as inference errors. */
    static InferenceException rethrow(Exception error) {
        if (error instanceof ApiException api) {
            throw api;
        }
        if (error instanceof InferenceException inference) {
            return inference;
        }
        return new InferenceException("decoding failed: " + error.getMessage(), error);
    }

    void post(Event event) {
        events.add(event);
    }
}
