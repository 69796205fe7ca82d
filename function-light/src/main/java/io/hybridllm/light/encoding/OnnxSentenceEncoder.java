package io.hybridllm.light.encoding;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.hybridllm.core.model.InferenceException;
import io.hybridllm.core.model.ModelLoadException;
import io.hybridllm.core.model.ModelResources;
import io.hybridllm.core.model.TextEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Sentence embeddings through ONNX Runtime: tokenise, run the transformer, pool the last hidden state
 * the way the variant's model was trained ({@link Pooling}: masked mean for all-MiniLM-L6-v2, [CLS]
 * for bge-small-zh-v1.5), L2-normalise.
 *
 * <p>DJL's tokenizer ignores the fixed padding declared in tokenizer.json, so each batch is padded here
 * to its own longest sequence and the attention mask keeps padding out of the pooled mean. Inputs are
 * sorted by length before batching so that a short query never pays for a long neighbour. The INT8
 * variant runs one text per batch (see {@link EncoderVariant#batchSize()}).
 */
public final class OnnxSentenceEncoder implements TextEncoder {

    private final OrtEnvironment env;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final Set<String> inputNames;
    private final int dimension;
    private final String version;
    private final long modelBytes;
    private final int batchSize;
    private final Pooling pooling;
    private final boolean lowercase;
    private final int maxSequenceLength;
    /** Combines concurrent single-text calls into one ONNX run; null when micro-batching is off. */
    private final MicroBatcher microBatcher;

    private OnnxSentenceEncoder(OrtEnvironment env, OrtSession session, HuggingFaceTokenizer tokenizer,
                                int dimension, String version, long modelBytes, EncoderVariant variant,
                                int maxSequenceLength, int microBatchSize) {
        this.env = env;
        this.session = session;
        this.tokenizer = tokenizer;
        this.inputNames = session.getInputNames();
        this.dimension = dimension;
        this.version = version;
        this.modelBytes = modelBytes;
        this.batchSize = variant.batchSize();
        this.pooling = variant.pooling();
        this.lowercase = variant.lowercase();
        this.maxSequenceLength = maxSequenceLength;
        this.microBatcher = microBatchSize > 1 ? new MicroBatcher(this::run, microBatchSize) : null;
    }

    /**
     * Loads a variant from the classpath.
     *
     * @param maxSequenceLength tokens kept per text, special tokens included (the model allows 512)
     * @param intraOpThreads ONNX Runtime threads per inference; 1 suits a single-vCPU Lambda
     */
    public static OnnxSentenceEncoder load(EncoderVariant variant, int maxSequenceLength, int intraOpThreads)
            throws ModelLoadException {
        return load(variant, maxSequenceLength, intraOpThreads, 1);
    }

    /**
     * As {@link #load(EncoderVariant, int, int)}, with single-text calls from concurrent threads embedded
     * together in batches of up to {@code microBatchSize} texts (1: never; see {@link MicroBatcher}).
     */
    public static OnnxSentenceEncoder load(EncoderVariant variant, int maxSequenceLength, int intraOpThreads,
                                           int microBatchSize) throws ModelLoadException {
        if (microBatchSize < 1 || microBatchSize > 256) {
            throw new ModelLoadException("micro-batch size must be within [1, 256], got " + microBatchSize);
        }
        if (maxSequenceLength < 8 || maxSequenceLength > 512) {
            throw new ModelLoadException("max sequence length must be within [8, 512], got " + maxSequenceLength);
        }
        ClassLoader loader = OnnxSentenceEncoder.class.getClassLoader();
        byte[] model = ModelResources.read(loader, variant.modelResource());
        HuggingFaceTokenizer tokenizer;
        try (InputStream in = ModelResources.open(loader, variant.tokenizerResource())) {
            Map<String, String> options = new HashMap<>();
            options.put("padding", "false");
            options.put("truncation", "true");
            options.put("maxLength", Integer.toString(maxSequenceLength));
            options.put("addSpecialTokens", "true");
            tokenizer = HuggingFaceTokenizer.newInstance(in, options);
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException("cannot load tokenizer " + variant.tokenizerResource() + ": " + e.getMessage(), e);
        }
        OrtSession session = null;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(Math.max(1, intraOpThreads));
            options.setInterOpNumThreads(1);
            session = env.createSession(model, options);
            OnnxSentenceEncoder encoder = new OnnxSentenceEncoder(env, session, tokenizer, 0,
                    variant.modelName() + "@" + ModelResources.jarVersion(loader, variant.pomPropertiesResource()), model.length, variant, maxSequenceLength, 1);
            // The hidden size is read from a real run rather than trusted from metadata.
            int dimension = encoder.run(List.of("dimension probe"))[0].length;
            return new OnnxSentenceEncoder(env, session, tokenizer, dimension, encoder.version, model.length,
                    variant, maxSequenceLength, microBatchSize);
        } catch (OrtException | InferenceException | RuntimeException e) {
            tokenizer.close();
            if (session != null) {
                try {
                    session.close();
                } catch (OrtException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw new ModelLoadException("cannot load ONNX model " + variant.modelResource() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public float[][] embed(List<String> texts) throws InferenceException {
        if (texts.isEmpty()) {
            return new float[0][];
        }
        if (texts.size() == 1) {
            return microBatcher == null ? run(texts) : new float[][] {microBatcher.embed(texts.get(0))};
        }
        // Batch neighbours of similar length to keep padding (wasted compute) small.
        int[] order = IntStream.range(0, texts.size()).boxed()
                .sorted(Comparator.comparingInt(i -> texts.get(i).length()))
                .mapToInt(Integer::intValue).toArray();
        float[][] out = new float[texts.size()][];
        for (int start = 0; start < order.length; start += batchSize) {
            int end = Math.min(order.length, start + batchSize);
            List<String> batch = new ArrayList<>(end - start);
            for (int i = start; i < end; i++) {
                batch.add(texts.get(order[i]));
            }
            float[][] vectors = run(batch);
            for (int i = start; i < end; i++) {
                out[order[i]] = vectors[i - start];
            }
        }
        return out;
    }

    /** Tokens the model sees for this text (special tokens included, after truncation). */
    public int countTokens(String text) {
        return tokenizer.encode(normalise(text)).getIds().length;
    }

    /** One query's vector and the tokens the model saw for it (special tokens included, after truncation). */
    public record EmbeddedQuery(float[] vector, int tokens) {}

    /**
     * Embeds one query and reports its token count from the same tokenisation, so a caller that needs
     * both (the chat path's usage field) tokenises once.
     */
    public EmbeddedQuery embedQuery(String text) throws InferenceException {
        if (microBatcher != null) {
            return new EmbeddedQuery(microBatcher.embed(text), countTokens(text));
        }
        int[] tokens = new int[1];
        float[] vector = run(List.of(text), tokens)[0];
        return new EmbeddedQuery(vector, tokens[0]);
    }

    private float[][] run(List<String> texts) throws InferenceException {
        return run(texts, null);
    }

    /** @param tokensOut when not null, receives each text's token count */
    private float[][] run(List<String> texts, int[] tokensOut) throws InferenceException {
        Encoding[] encodings;
        try {
            encodings = tokenizer.batchEncode(texts.stream().map(this::normalise).toList());
        } catch (RuntimeException e) {
            throw new InferenceException("tokenisation failed: " + e.getMessage(), e);
        }
        int batch = encodings.length;
        int length = 1;
        for (int b = 0; b < batch; b++) {
            length = Math.max(length, encodings[b].getIds().length);
            if (tokensOut != null) {
                tokensOut[b] = encodings[b].getIds().length;
            }
        }
        long[] ids = new long[batch * length];
        long[] mask = new long[batch * length];
        long[] types = new long[batch * length];
        for (int b = 0; b < batch; b++) {
            long[] tokenIds = encodings[b].getIds();
            long[] tokenMask = encodings[b].getAttentionMask();
            long[] tokenTypes = encodings[b].getTypeIds();
            System.arraycopy(tokenIds, 0, ids, b * length, tokenIds.length);
            System.arraycopy(tokenMask, 0, mask, b * length, tokenMask.length);
            System.arraycopy(tokenTypes, 0, types, b * length, tokenTypes.length);
            // Positions past tokenIds.length stay 0: [PAD] id 0 with mask 0.
        }
        long[] shape = {batch, length};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
            if (inputNames.contains("token_type_ids")) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                // Read the flat buffer: building a float[batch][length][dim] would cost a Java array per token.
                OnnxTensor output = (OnnxTensor) result.get(0);
                long[] outputShape = output.getInfo().getShape();
                FloatBuffer buffer = output.getFloatBuffer();
                float[] hidden = new float[buffer.remaining()];
                buffer.get(hidden);
                return pool(pooling, hidden, mask, batch, length, (int) outputShape[2]);
            }
        } catch (OrtException | ClassCastException e) {
            throw new InferenceException("encoder inference failed: " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** Each sequence of a flat batch pooled the variant's way and L2-normalised. */
    static float[][] pool(Pooling pooling, float[] hidden, long[] mask, int batch, int length, int dim) {
        float[][] out = new float[batch][];
        for (int b = 0; b < batch; b++) {
            out[b] = pooling.pool(hidden, b, length, dim, mask);
        }
        return out;
    }

    private String normalise(String text) {
        return lowercase ? text.toLowerCase(Locale.ROOT) : text;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public String version() {
        return version;
    }

    /** Tokens kept per text, special tokens included; longer texts are truncated to this. */
    public int maxSequenceLength() {
        return maxSequenceLength;
    }

    /** Mean texts per ONNX run of the micro-batcher so far (1.0 when it is off or idle). */
    public double meanMicroBatch() {
        return microBatcher == null || microBatcher.batches() == 0 ? 1.0
                : (double) microBatcher.texts() / microBatcher.batches();
    }

    /** Size of the ONNX graph that was loaded, for reports. */
    public long modelBytes() {
        return modelBytes;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // Nothing useful to do at shutdown; the process is going away.
        }
        tokenizer.close();
    }
}
