package io.hybridllm.heavy.decoding;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridllm.core.api.ApiError;
import io.hybridllm.core.api.ApiException;
import io.hybridllm.core.api.ChatMessage;
import io.hybridllm.core.model.Generation;
import io.hybridllm.core.model.GenerationParams;
import io.hybridllm.core.model.InferenceException;
import io.hybridllm.core.model.ModelLoadException;
import io.hybridllm.core.model.TextGenerator;
import io.hybridllm.core.model.TokenSink;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * A decoder-only language model exported the Optimum way ("text-generation-with-past": one merged
 * graph taking {@code input_ids}, {@code attention_mask}, optional {@code position_ids} and
 * {@code past_key_values.{i}.key|value}, returning {@code logits} and {@code present.{i}.key|value}),
 * run with ONNX Runtime and tokenised with the Hugging Face tokenizers library (through DJL).
 *
 * <p>Decoding is batch size 1: the prompt is prefilled with an empty past, then each new token is
 * fed alone with the previous step's {@code present.*} outputs passed back as {@code past_key_values.*}
 * (they stay native ORT values, no copy through Java). The session is shared and thread-safe; each
 * call keeps its own cache, so callers bound concurrency themselves.
 */
public final class OnnxDecoderGenerator implements TextGenerator {

    private static final Logger LOG = Logger.getLogger(OnnxDecoderGenerator.class);

    private final OrtEnvironment env;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final DecoderConfig config;
    private final ChatTemplate template;
    private final String provider;
    private final String modelName;
    private final String version;
    private final int layers;
    private final int kvHeads;
    private final int headDim;
    private final boolean positionIds;
    private final boolean truncateLongPrompts;

    private OnnxDecoderGenerator(OrtEnvironment env, OrtSession session, HuggingFaceTokenizer tokenizer,
                                 DecoderConfig config, ChatTemplate template, String provider, String modelName,
                                 String version, int kvHeads, int headDim, boolean positionIds,
                                 boolean truncateLongPrompts) {
        this.env = env;
        this.session = session;
        this.tokenizer = tokenizer;
        this.config = config;
        this.template = template;
        this.provider = provider;
        this.modelName = modelName;
        this.version = version;
        this.layers = config.layers();
        this.kvHeads = kvHeads;
        this.headDim = headDim;
        this.positionIds = positionIds;
        this.truncateLongPrompts = truncateLongPrompts;
    }

    /**
     * Loads a model directory.
     *
     * @param device "auto" (CUDA when the ORT build and machine have it, else CPU), "cuda" (fail
     *               without CUDA) or "cpu"
     * @param intraOpThreads ORT intra-op threads, 0 for ORT's default
     */
    public static OnnxDecoderGenerator load(Path dir, String modelName, String device, int intraOpThreads)
            throws ModelLoadException {
        return load(dir, modelName, device, intraOpThreads, false);
    }

    /**
     * @param truncateLongPrompts when true, a conversation longer than the model's context keeps its
     *                            beginning-of-sequence token and its most recent tokens instead of
     *                            being rejected with 400 context_length_exceeded
     */
    public static OnnxDecoderGenerator load(Path dir, String modelName, String device, int intraOpThreads,
                                            boolean truncateLongPrompts) throws ModelLoadException {
        ModelFiles.check(dir);
        DecoderConfig config = DecoderConfig.read(dir, new ObjectMapper());
        String version = ModelFiles.fingerprint(dir);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session = null;
        HuggingFaceTokenizer tokenizer = null;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            String provider = "CPUExecutionProvider";
            if (!"cpu".equalsIgnoreCase(device)) {
                try {
                    options.addCUDA(0);
                    provider = "CUDAExecutionProvider";
                } catch (OrtException | RuntimeException e) {
                    if ("cuda".equalsIgnoreCase(device)) {
                        throw new ModelLoadException("hybrid.heavy.device=cuda but CUDA is unavailable: "
                                + e.getMessage(), e);
                    }
                    LOG.infof("CUDA execution provider unavailable (%s); using CPU", e.getMessage());
                }
            }
            session = env.createSession(dir.resolve("model.onnx").toString(), options);
            int[] kv = kvShape(session, config);
            boolean hasPositions = session.getInputNames().contains("position_ids");
            tokenizer = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(dir.resolve("tokenizer.json"))
                    .optAddSpecialTokens(true)
                    .optTruncation(false)
                    .optPadding(false)
                    .build();
            String bosText = config.bosId() >= 0 ? tokenizer.decode(new long[] {config.bosId()}, false) : null;
            ChatTemplate template = ChatTemplate.from(config.chatTemplate(), bosText);
            if (config.chatTemplate().isPresent() && template == ChatTemplate.PLAIN) {
                LOG.warnf("chat_template of %s is beyond the simple renderer; using the plain "
                        + "'role: content' format", dir);
            }
            LOG.infof("heavy decoder %s (%s) loaded from %s on %s: %d layers, %d kv heads, head_dim %d, "
                            + "vocab %d, chat template: %s", modelName, version, dir, provider, config.layers(),
                    kv[0], kv[1], config.vocabSize(), template.description());
            return new OnnxDecoderGenerator(env, session, tokenizer, config, template, provider, modelName, version,
                    kv[0], kv[1], hasPositions, truncateLongPrompts);
        } catch (OrtException | IOException | RuntimeException e) {
            closeQuietly(session, tokenizer);
            throw new ModelLoadException("cannot load decoder from " + dir + ": " + e.getMessage(), e);
        } catch (ModelLoadException e) {
            closeQuietly(session, tokenizer);
            throw e;
        }
    }

    /** The first token when it is BOS, then the last tokens, {@code limit} in all. */
    private long[] keepRecentTokens(long[] prompt, int limit) {
        if (prompt.length <= limit) {
            return prompt;
        }
        boolean bos = prompt.length > 0 && prompt[0] == config.bosId();
        long[] kept = new long[limit];
        int head = bos ? 1 : 0;
        if (bos) {
            kept[0] = prompt[0];
        }
        System.arraycopy(prompt, prompt.length - (limit - head), kept, head, limit - head);
        return kept;
    }

    /** KV heads and head size from the graph (fixed dims), falling back to config.json. */
    private static int[] kvShape(OrtSession session, DecoderConfig config) throws OrtException, ModelLoadException {
        Map<String, NodeInfo> inputs = session.getInputInfo();
        for (String required : List.of("input_ids", "attention_mask")) {
            if (!inputs.containsKey(required)) {
                throw new ModelLoadException("model.onnx has no '" + required + "' input");
            }
        }
        int kvHeads = config.kvHeads();
        int headDim = config.headDim();
        for (int i = 0; i < config.layers(); i++) {
            for (String kind : List.of("key", "value")) {
                String name = "past_key_values." + i + "." + kind;
                NodeInfo info = inputs.get(name);
                if (info == null || !(info.getInfo() instanceof TensorInfo tensor)) {
                    throw new ModelLoadException("model.onnx has no '" + name + "' input; export it with "
                            + "--task text-generation-with-past");
                }
                if (tensor.type != ai.onnxruntime.OnnxJavaType.FLOAT) {
                    throw new ModelLoadException(name + " is " + tensor.type + "; only float32 KV caches are supported");
                }
                long[] shape = tensor.getShape();
                if (shape.length != 4) {
                    throw new ModelLoadException(name + " has rank " + shape.length + "; expected 4");
                }
                if (shape[1] > 0) {
                    kvHeads = (int) shape[1];
                }
                if (shape[3] > 0) {
                    headDim = (int) shape[3];
                }
            }
        }
        return new int[] {kvHeads, headDim};
    }

    @Override
    public Generation generate(List<ChatMessage> conversation, GenerationParams params, TokenSink sink)
            throws InferenceException {
        long[] prompt = encode(template.render(conversation));
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
        Sampler sampler = new Sampler(params.temperature(), params.topP(), params.seed());
        TextStreamer streamer = new TextStreamer(this::decode, params.stop());
        boolean[] cancelled = {false};
        List<Long> tokens = decode(prompt, budget, true, sampler, id -> {
            if (config.eosIds().contains(id)) {
                return false;
            }
            String delta = streamer.push(id);
            if (!delta.isEmpty() && !sink.accept(delta)) {
                cancelled[0] = true;
                return false;
            }
            return !streamer.stopped();
        });
        String tail = streamer.flush();
        if (!tail.isEmpty() && !cancelled[0]) {
            sink.accept(tail);
        }
        boolean ended = !tokens.isEmpty() && config.eosIds().contains(tokens.get(tokens.size() - 1));
        String finish = ended || streamer.stopped() || cancelled[0] || tokens.size() < budget ? "stop" : "length";
        return new Generation(streamer.text(), prompt.length, tokens.size(), finish);
    }

    /** Prompt text to ids, with BOS when the model expects it and the tokenizer did not add it. */
    public long[] encode(String text) {
        // A template that writes the BOS text itself must not get a second one from the
        // tokenizer's post-processor (what HF apply_chat_template does too).
        long[] ids = tokenizer.encode(text, !template.rendersBos(), false).getIds();
        if (config.addBos() && config.bosId() >= 0 && !template.rendersBos()
                && (ids.length == 0 || ids[0] != config.bosId())) {
            long[] withBos = new long[ids.length + 1];
            withBos[0] = config.bosId();
            System.arraycopy(ids, 0, withBos, 1, ids.length);
            return withBos;
        }
        return ids;
    }

    public String decode(long[] ids) {
        return tokenizer.decode(ids, true);
    }

    /**
     * Greedy token ids after {@code prompt}, eos included when produced; {@code useCache=false}
     * recomputes the whole sequence at every step (a reference for the cached path).
     */
    public List<Long> greedy(long[] prompt, int maxNewTokens, boolean useCache) throws InferenceException {
        return decode(prompt, maxNewTokens, useCache, new Sampler(0, 1, null),
                id -> !config.eosIds().contains(id));
    }

    /** Receives each chosen token; returns false to end the generation after it. */
    @FunctionalInterface
    interface TokenListener {
        boolean accept(long id);
    }

    private List<Long> decode(long[] prompt, int maxNewTokens, boolean useCache, Sampler sampler,
                              TokenListener listener) throws InferenceException {
        List<Long> generated = new ArrayList<>();
        long[] sequence = java.util.Arrays.copyOf(prompt, prompt.length + maxNewTokens);
        int length = prompt.length;
        OrtSession.Result previous = null;
        List<OnnxTensor> emptyPast = new ArrayList<>();
        try {
            Map<String, OnnxTensor> emptyPastByName = new HashMap<>();
            for (int i = 0; i < layers; i++) {
                for (String kind : List.of("key", "value")) {
                    OnnxTensor empty = OnnxTensor.createTensor(env, FloatBuffer.allocate(0),
                            new long[] {1, kvHeads, 0, headDim});
                    emptyPast.add(empty);
                    emptyPastByName.put("past_key_values." + i + "." + kind, empty);
                }
            }
            while (generated.size() < maxNewTokens) {
                boolean prefill = previous == null || !useCache;
                int start = prefill ? 0 : length - 1;
                float[] logits;
                OrtSession.Result result;
                List<OnnxTensor> stepInputs = new ArrayList<>(3);
                try {
                    Map<String, OnnxTensor> inputs = new HashMap<>(prefill ? emptyPastByName : pastFrom(previous));
                    int n = length - start;
                    long[] ids = java.util.Arrays.copyOfRange(sequence, start, length);
                    long[] mask = new long[length];
                    java.util.Arrays.fill(mask, 1L);
                    stepInputs.add(tensor(ids, n));
                    stepInputs.add(tensor(mask, length));
                    inputs.put("input_ids", stepInputs.get(0));
                    inputs.put("attention_mask", stepInputs.get(1));
                    if (positionIds) {
                        long[] positions = new long[n];
                        for (int k = 0; k < n; k++) {
                            positions[k] = start + k;
                        }
                        stepInputs.add(tensor(positions, n));
                        inputs.put("position_ids", stepInputs.get(2));
                    }
                    result = session.run(inputs);
                } finally {
                    stepInputs.forEach(OnnxTensor::close);
                }
                if (previous != null) {
                    previous.close();
                }
                previous = result;
                logits = lastRow(result, length - start);
                int id = sampler.next(logits, 0, config.vocabSize());
                sequence[length++] = id;
                generated.add((long) id);
                if (!listener.accept(id)) {
                    break;
                }
            }
            return generated;
        } catch (OrtException e) {
            throw new InferenceException("decoder step failed: " + e.getMessage(), e);
        } finally {
            if (previous != null) {
                previous.close();
            }
            emptyPast.forEach(OnnxTensor::close);
        }
    }

    private Map<String, OnnxTensor> pastFrom(OrtSession.Result result) throws InferenceException {
        Map<String, OnnxTensor> past = new HashMap<>();
        for (int i = 0; i < layers; i++) {
            for (String kind : List.of("key", "value")) {
                OnnxValue value = result.get("present." + i + "." + kind)
                        .orElseThrow(() -> new InferenceException("model.onnx has no present.* outputs"));
                past.put("past_key_values." + i + "." + kind, (OnnxTensor) value);
            }
        }
        return past;
    }

    private float[] lastRow(OrtSession.Result result, int rows) throws InferenceException {
        OnnxTensor logits = (OnnxTensor) result.get("logits")
                .orElseThrow(() -> new InferenceException("model.onnx has no 'logits' output"));
        int vocab = config.vocabSize();
        FloatBuffer all = logits.getFloatBuffer();
        if (all.capacity() != (long) rows * vocab) {
            throw new InferenceException("logits have " + all.capacity() + " values; expected " + rows + " x "
                    + vocab);
        }
        float[] row = new float[vocab];
        all.position((rows - 1) * vocab);
        all.get(row);
        return row;
    }

    private OnnxTensor tensor(long[] values, int length) throws OrtException {
        return OnnxTensor.createTensor(env, LongBuffer.wrap(values, 0, length), new long[] {1, length});
    }

    public DecoderConfig config() {
        return config;
    }

    /** ORT execution provider in use, e.g. CPUExecutionProvider. */
    public String provider() {
        return provider;
    }

    /** Fingerprint of the model files; changes whenever weights, tokenizer or config change. */
    public String version() {
        return version;
    }

    public String renderPrompt(List<ChatMessage> conversation) {
        return template.render(conversation);
    }

    @Override
    public String modelId() {
        return modelName;
    }

    @Override
    public void close() {
        closeQuietly(session, tokenizer);
    }

    private static void closeQuietly(OrtSession session, HuggingFaceTokenizer tokenizer) {
        if (tokenizer != null) {
            tokenizer.close();
        }
        if (session != null) {
            try {
                session.close();
            } catch (OrtException e) {
                LOG.warn("closing the ORT session failed", e);
            }
        }
    }
}
