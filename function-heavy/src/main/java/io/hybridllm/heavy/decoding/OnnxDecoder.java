package io.hybridllm.heavy.decoding;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridllm.core.api.ChatMessage;
import io.hybridllm.core.model.InferenceException;
import io.hybridllm.core.model.ModelLoadException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * A decoder-only language model exported the Optimum way, run with ONNX Runtime and tokenised with
 * the Hugging Face tokenizers library (through DJL). Accepted graphs (see {@link ModelFiles#GRAPHS}):
 * {@code input_ids}, {@code attention_mask}, optional {@code position_ids}, optional
 * {@code use_cache_branch} (merged exports), {@code past_key_values.{i}.key|value} →
 * {@code logits}, {@code present.{i}.key|value}, float32 KV cache {@code [batch, kv_heads, seq, head_dim]}.
 *
 * <p>Batched: {@link #prefill} runs new prompts left-padded in one pass with an empty past,
 * {@link #decode} runs one token for every row, feeding the previous step's {@code present.*}
 * tensors back as {@code past_key_values.*} without a copy, and {@link #gather} regroups rows when
 * sequences join or leave (the only time KV data is copied). Padding is exact, not approximate:
 * padded columns are masked by {@code attention_mask}, and {@code position_ids} count only a row's
 * own tokens, so every row sees exactly what it would alone. A graph without {@code position_ids}
 * derives positions from the cache width, which padding would shift, so it is {@linkplain
 * #batchable() not batchable}.
 *
 * <p>Not thread-safe for concurrent batches: one scheduler thread drives it. Encoding and decoding
 * text are thread-safe.
 */
public final class OnnxDecoder implements BatchDecoder, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(OnnxDecoder.class);
    private static final Set<String> KNOWN_INPUTS = Set.of("input_ids", "attention_mask", "position_ids",
            "use_cache_branch");

    private final OrtEnvironment env;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final DecoderConfig config;
    private final ChatTemplate template;
    private final String provider;
    private final String version;
    private final String graph;
    private final int kvHeads;
    private final int headDim;
    private final boolean positionIds;
    private final boolean cacheBranch;
    private final String[] pastNames;
    private final String[] presentNames;

    private OnnxDecoder(OrtEnvironment env, OrtSession session, HuggingFaceTokenizer tokenizer, DecoderConfig config,
                        ChatTemplate template, String provider, String version, String graph, int kvHeads,
                        int headDim, Set<String> inputs) {
        this.env = env;
        this.session = session;
        this.tokenizer = tokenizer;
        this.config = config;
        this.template = template;
        this.provider = provider;
        this.version = version;
        this.graph = graph;
        this.kvHeads = kvHeads;
        this.headDim = headDim;
        this.positionIds = inputs.contains("position_ids");
        this.cacheBranch = inputs.contains("use_cache_branch");
        int n = 2 * config.layers();
        this.pastNames = new String[n];
        this.presentNames = new String[n];
        for (int i = 0; i < config.layers(); i++) {
            pastNames[2 * i] = "past_key_values." + i + ".key";
            pastNames[2 * i + 1] = "past_key_values." + i + ".value";
            presentNames[2 * i] = "present." + i + ".key";
            presentNames[2 * i + 1] = "present." + i + ".value";
        }
    }

    /**
     * Loads a model directory.
     *
     * @param device "auto" (CUDA when the ORT build and machine have it, else CPU), "cuda" (fail
     *               without CUDA) or "cpu"
     * @param intraOpThreads ORT intra-op threads, 0 for ORT's default
     */
    public static OnnxDecoder load(Path dir, String device, int intraOpThreads) throws ModelLoadException {
        ModelFiles.check(dir);
        Path graph = ModelFiles.graph(dir);
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
                } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
                    if ("cuda".equalsIgnoreCase(device)) {
                        throw new ModelLoadException("hybrid.heavy.device=cuda but CUDA is unavailable: "
                                + e.getMessage(), e);
                    }
                    LOG.infof("CUDA execution provider unavailable (%s); using CPU", e.getMessage());
                }
            }
            session = env.createSession(graph.toString(), options);
            Set<String> inputs = checkInputs(session, config);
            int[] kv = kvShape(session, config);
            checkOutputs(session, config);
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
            OnnxDecoder decoder = new OnnxDecoder(env, session, tokenizer, config, template, provider, version,
                    graph.getFileName().toString(), kv[0], kv[1], inputs);
            LOG.infof("heavy decoder %s loaded from %s (%s) on %s (ORT providers available: %s): %d layers, "
                            + "%d kv heads, head_dim %d, vocab %d, context %d, chat template: %s%s", version, dir,
                    decoder.graph, provider, OrtEnvironment.getAvailableProviders(), config.layers(), kv[0], kv[1],
                    config.vocabSize(), config.maxPositions(), template.description(),
                    decoder.batchable() ? "" : "; no position_ids input, so sequences are decoded one at a time");
            return decoder;
        } catch (OrtException | IOException | RuntimeException e) {
            closeQuietly(session, tokenizer);
            throw new ModelLoadException("cannot load decoder from " + dir + ": " + e.getMessage(), e);
        } catch (ModelLoadException e) {
            closeQuietly(session, tokenizer);
            throw e;
        }
    }

    private static Set<String> checkInputs(OrtSession session, DecoderConfig config) throws ModelLoadException {
        Set<String> inputs = session.getInputNames();
        for (String required : List.of("input_ids", "attention_mask")) {
            if (!inputs.contains(required)) {
                throw new ModelLoadException("the decoder graph has no '" + required + "' input");
            }
        }
        Set<String> unknown = new TreeSet<>();
        for (String name : inputs) {
            if (!KNOWN_INPUTS.contains(name) && !name.matches("past_key_values\\.\\d+\\.(key|value)")) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new ModelLoadException("the decoder graph has inputs this runtime does not feed: " + unknown);
        }
        return inputs;
    }

    /** KV heads and head size from the graph (fixed dims), falling back to config.json. */
    private static int[] kvShape(OrtSession session, DecoderConfig config) throws OrtException, ModelLoadException {
        Map<String, NodeInfo> inputs = session.getInputInfo();
        int kvHeads = config.kvHeads();
        int headDim = config.headDim();
        for (int i = 0; i < config.layers(); i++) {
            for (String kind : List.of("key", "value")) {
                String name = "past_key_values." + i + "." + kind;
                NodeInfo info = inputs.get(name);
                if (info == null || !(info.getInfo() instanceof TensorInfo tensor)) {
                    throw new ModelLoadException("the decoder graph has no '" + name + "' input; export it "
                            + "with --task text-generation-with-past");
                }
                if (tensor.type != OnnxJavaType.FLOAT) {
                    throw new ModelLoadException(name + " is " + tensor.type + "; only float32 KV caches are "
                            + "supported (export with --dtype fp32)");
                }
                long[] shape = tensor.getShape();
                if (shape.length != 4) {
                    throw new ModelLoadException(name + " has rank " + shape.length + "; expected 4 "
                            + "[batch, kv_heads, seq, head_dim]");
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

    private static void checkOutputs(OrtSession session, DecoderConfig config) throws OrtException,
            ModelLoadException {
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        NodeInfo logits = outputs.get("logits");
        if (logits == null || !(logits.getInfo() instanceof TensorInfo tensor) || tensor.type != OnnxJavaType.FLOAT) {
            throw new ModelLoadException("the decoder graph has no float32 'logits' output");
        }
        for (int i = 0; i < config.layers(); i++) {
            for (String kind : List.of("key", "value")) {
                if (!outputs.containsKey("present." + i + "." + kind)) {
                    throw new ModelLoadException("the decoder graph has no 'present." + i + "." + kind + "' output");
                }
            }
        }
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

    public String renderPrompt(List<ChatMessage> conversation) {
        return template.render(conversation);
    }

    @Override
    public int vocabSize() {
        return config.vocabSize();
    }

    /** False when the graph has no {@code position_ids}: then only one sequence may run at a time. */
    public boolean batchable() {
        return positionIds;
    }

    @Override
    public Step prefill(List<long[]> prompts) throws InferenceException {
        int n = prompts.size();
        int width = 0;
        for (long[] prompt : prompts) {
            if (prompt.length == 0) {
                throw new IllegalArgumentException("empty prompt");
            }
            width = Math.max(width, prompt.length);
        }
        long[] ids = new long[n * width];
        long[] mask = new long[n * width];
        long[] positions = new long[n * width];
        int[] lengths = new int[n];
        for (int r = 0; r < n; r++) {
            long[] prompt = prompts.get(r);
            int pad = width - prompt.length;
            lengths[r] = prompt.length;
            for (int k = 0; k < width; k++) {
                int at = r * width + k;
                ids[at] = k < pad ? config.padId() : prompt[k - pad];
                mask[at] = k < pad ? 0 : 1;
                positions[at] = k < pad ? 0 : k - pad;
            }
        }
        List<OnnxTensor> inputs = new ArrayList<>();
        try {
            OnnxTensor empty = track(inputs, OnnxTensor.createTensor(env, FloatBuffer.allocate(0),
                    new long[] {n, kvHeads, 0, headDim}));
            Map<String, OnnxTensor> feed = feed(inputs, ids, mask, positions, n, width, false);
            for (String name : pastNames) {
                feed.put(name, empty);
            }
            try (OrtSession.Result result = session.run(feed)) {
                float[][] logits = lastLogits(result, n, width);
                // Copy the prompt's cache out of the result: it frees the [n, width, vocab] prefill
                // logits at once, and the padded columns start out as zeros, not values computed
                // from pad tokens.
                List<Row> rows = new ArrayList<>(n);
                OnnxKvCache presents = new OnnxKvCache(null, presents(result), lengths, width);
                for (int r = 0; r < n; r++) {
                    rows.add(new Row(presents, r));
                }
                return new Step(copyRows(rows), logits);
            }
        } catch (OrtException e) {
            throw new InferenceException("prefill failed: " + e.getMessage(), e);
        } finally {
            inputs.forEach(OnnxTensor::close);
        }
    }

    @Override
    public Step decode(KvCache kv, long[] tokens) throws InferenceException {
        OnnxKvCache cache = (OnnxKvCache) kv;
        int n = cache.rows();
        if (tokens.length != n) {
            cache.close();
            throw new IllegalArgumentException(tokens.length + " tokens for " + n + " rows");
        }
        int width = cache.width + 1;
        long[] mask = new long[n * width];
        long[] positions = new long[n];
        int[] lengths = new int[n];
        for (int r = 0; r < n; r++) {
            lengths[r] = cache.lengths[r] + 1;
            Arrays.fill(mask, r * width + width - lengths[r], (r + 1) * width, 1L);
            positions[r] = cache.lengths[r];
        }
        List<OnnxTensor> inputs = new ArrayList<>();
        OrtSession.Result result = null;
        try {
            Map<String, OnnxTensor> feed = feed(inputs, tokens, mask, positions, n, 1, true);
            for (int i = 0; i < pastNames.length; i++) {
                feed.put(pastNames[i], cache.tensors[i]);
            }
            result = session.run(feed);
            float[][] logits = lastLogits(result, n, 1);
            OnnxKvCache next = new OnnxKvCache(result, presents(result), lengths, width);
            result = null;
            return new Step(next, logits);
        } catch (OrtException e) {
            throw new InferenceException("decoding step failed: " + e.getMessage(), e);
        } finally {
            if (result != null) {
                result.close();
            }
            inputs.forEach(OnnxTensor::close);
            cache.close();
        }
    }

    @Override
    public KvCache gather(List<Row> rows) throws InferenceException {
        if (!rows.isEmpty() && rows.get(0).cache() instanceof OnnxKvCache only && only.rows() == rows.size()) {
            boolean identity = true;
            for (int i = 0; i < rows.size() && identity; i++) {
                identity = rows.get(i).cache() == only && rows.get(i).index() == i;
            }
            if (identity) {
                return only;
            }
        }
        try {
            return copyRows(rows);
        } catch (OrtException e) {
            throw new InferenceException("regrouping the KV cache failed: " + e.getMessage(), e);
        }
    }

    /**
     * New tensors holding the given rows, right-aligned to the longest row; narrower rows get
     * zero columns on the left (masked out), and columns that no row uses any more are dropped.
     */
    private OnnxKvCache copyRows(List<Row> rows) throws OrtException {
        int n = rows.size();
        int width = 0;
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            lengths[i] = rows.get(i).cache().length(rows.get(i).index());
            width = Math.max(width, lengths[i]);
        }
        OnnxTensor[] tensors = new OnnxTensor[pastNames.length];
        try {
            Map<KvCache, float[]> data = new IdentityHashMap<>();
            for (int t = 0; t < tensors.length; t++) {
                data.clear();
                FloatBuffer target = ByteBuffer.allocateDirect(n * kvHeads * width * headDim * Float.BYTES)
                        .order(ByteOrder.nativeOrder()).asFloatBuffer();
                for (int i = 0; i < n; i++) {
                    OnnxKvCache source = (OnnxKvCache) rows.get(i).cache();
                    int index = rows.get(i).index();
                    int tensorIndex = t;
                    float[] values = data.computeIfAbsent(source, s -> floats(source.tensors[tensorIndex]));
                    int len = lengths[i];
                    for (int h = 0; h < kvHeads; h++) {
                        int from = ((index * kvHeads + h) * source.width + (source.width - len)) * headDim;
                        int to = ((i * kvHeads + h) * width + (width - len)) * headDim;
                        target.put(to, values, from, len * headDim);
                    }
                }
                tensors[t] = OnnxTensor.createTensor(env, target, new long[] {n, kvHeads, width, headDim});
            }
            return new OnnxKvCache(null, tensors, lengths, width);
        } catch (OrtException | RuntimeException e) {
            for (OnnxTensor tensor : tensors) {
                if (tensor != null) {
                    tensor.close();
                }
            }
            throw e;
        }
    }

    private static float[] floats(OnnxTensor tensor) {
        FloatBuffer buffer = tensor.getFloatBuffer(); // a heap copy of the native data
        if (buffer.hasArray() && buffer.arrayOffset() == 0 && buffer.remaining() == buffer.array().length) {
            return buffer.array();
        }
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    private Map<String, OnnxTensor> feed(List<OnnxTensor> inputs, long[] ids, long[] mask, long[] positions, int n,
                                         int seq, boolean withPast) throws OrtException {
        Map<String, OnnxTensor> feed = new HashMap<>();
        feed.put("input_ids", track(inputs, longs(ids, n, seq)));
        feed.put("attention_mask", track(inputs, longs(mask, n, mask.length / n)));
        if (positionIds) {
            feed.put("position_ids", track(inputs, longs(positions, n, seq)));
        }
        if (cacheBranch) {
            feed.put("use_cache_branch", track(inputs, OnnxTensor.createTensor(env, new boolean[] {withPast})));
        }
        return feed;
    }

    private static OnnxTensor track(List<OnnxTensor> inputs, OnnxTensor tensor) {
        inputs.add(tensor);
        return tensor;
    }

    private OnnxTensor longs(long[] values, int rows, int cols) throws OrtException {
        return OnnxTensor.createTensor(env, LongBuffer.wrap(values), new long[] {rows, cols});
    }

    private OnnxTensor[] presents(OrtSession.Result result) throws InferenceException {
        OnnxTensor[] tensors = new OnnxTensor[presentNames.length];
        for (int i = 0; i < presentNames.length; i++) {
            OnnxValue value = result.get(presentNames[i])
                    .orElseThrow(() -> new InferenceException("the decoder graph has no present.* outputs"));
            tensors[i] = (OnnxTensor) value;
        }
        return tensors;
    }

    /** Logits after the last position of each row ({@code [n, seq, vocab]} → n rows of vocab). */
    private float[][] lastLogits(OrtSession.Result result, int n, int seq) throws InferenceException {
        OnnxTensor logits = (OnnxTensor) result.get("logits")
                .orElseThrow(() -> new InferenceException("the decoder graph has no 'logits' output"));
        int vocab = config.vocabSize();
        long[] shape = logits.getInfo().getShape();
        if (shape.length != 3 || shape[0] != n || shape[1] != seq || shape[2] < vocab) {
            throw new InferenceException("logits have shape " + Arrays.toString(shape) + "; expected [" + n + ", "
                    + seq + ", " + vocab + "]");
        }
        // Some exports pad the vocabulary (shape[2] > vocab_size); the padding ids are never sampled.
        int stride = (int) shape[2];
        FloatBuffer all = logits.getFloatBuffer();
        float[][] rows = new float[n][vocab];
        for (int r = 0; r < n; r++) {
            all.get((r * seq + seq - 1) * stride, rows[r], 0, vocab);
        }
        return rows;
    }

    /**
     * Greedy token ids after {@code prompt} by full recomputation: every step re-runs the whole
     * sequence with an empty cache (no KV reuse). The reference the cached, batched path is tested
     * against. Stops after {@code maxNewTokens} or at an eos id (included).
     */
    public List<Long> greedyWithoutCache(long[] prompt, int maxNewTokens) throws InferenceException {
        return greedyWithoutCache(prompt, maxNewTokens, true);
    }

    /** As {@link #greedyWithoutCache(long[], int)}; {@code stopAtEos=false} runs to {@code maxNewTokens}. */
    public List<Long> greedyWithoutCache(long[] prompt, int maxNewTokens, boolean stopAtEos)
            throws InferenceException {
        List<Long> generated = new ArrayList<>();
        long[] sequence = prompt.clone();
        while (generated.size() < maxNewTokens) {
            Step step = prefill(List.of(sequence));
            step.cache().close();
            long id = Sampler.argmax(step.logits()[0], 0, config.vocabSize());
            generated.add(id);
            if (stopAtEos && config.eosIds().contains(id)) {
                break;
            }
            sequence = Arrays.copyOf(sequence, sequence.length + 1);
            sequence[sequence.length - 1] = id;
        }
        return generated;
    }

    public DecoderConfig config() {
        return config;
    }

    /** ORT execution provider in use, e.g. CPUExecutionProvider. */
    public String provider() {
        return provider;
    }

    /** File name of the graph that was loaded, e.g. model.onnx. */
    public String graph() {
        return graph;
    }

    /** Fingerprint of the model files; changes whenever weights, tokenizer or config change. */
    public String version() {
        return version;
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
