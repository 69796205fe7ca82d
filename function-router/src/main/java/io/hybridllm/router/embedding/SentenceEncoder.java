package io.hybridllm.router.embedding;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.hybridllm.core.model.HiddenStatePooling;
import io.hybridllm.core.model.InferenceException;
import io.hybridllm.core.model.ModelLoadException;
import io.hybridllm.core.model.ModelResources;
import io.hybridllm.core.model.TextEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The router's own sentence encoder (the router cannot use the light function's classes): tokenise with
 * DJL's Hugging Face tokenizer, truncating to {@code maxTokens}; run the ONNX graph on one text; take the
 * attention-masked mean of the last hidden state and L2-normalise ({@link HiddenStatePooling}, shared with
 * the light tier's encoder).
 *
 * <p>One text per ONNX run, always: DJL ignores tokenizer.json's fixed padding, and the INT8 graph
 * quantises activations with one scale per batch, so a batched vector would differ from the vector of
 * the same text served alone. Training embeds with this same method, so offline and serving agree.
 */
public final class SentenceEncoder implements TextEncoder {

    private final OrtEnvironment env;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean typeIds;
    private final int dimension;
    private final String version;
    private final String model;
    private final int maxTokens;

    private SentenceEncoder(OrtEnvironment env, OrtSession session, HuggingFaceTokenizer tokenizer, int dimension,
                            String model, int maxTokens) {
        this.env = env;
        this.session = session;
        this.tokenizer = tokenizer;
        this.typeIds = session.getInputNames().contains("token_type_ids");
        this.dimension = dimension;
        this.model = model;
        this.version = model + "/max" + maxTokens;
        this.maxTokens = maxTokens;
    }

    /**
     * Loads an encoder from the classpath.
     *
     * @param maxTokens tokens kept per text, special tokens included; longer texts are truncated
     * @param threads ONNX Runtime intra-op threads
     */
    public static SentenceEncoder load(EncoderModel model, int maxTokens, int threads) throws ModelLoadException {
        if (maxTokens < 8 || maxTokens > 512) {
            throw new ModelLoadException("max tokens must be within [8, 512], got " + maxTokens);
        }
        ClassLoader loader = SentenceEncoder.class.getClassLoader();
        byte[] graph = ModelResources.read(loader, model.modelResource());
        HuggingFaceTokenizer tokenizer;
        try (InputStream in = ModelResources.open(loader, model.tokenizerResource())) {
            tokenizer = HuggingFaceTokenizer.newInstance(in, Map.of("padding", "false", "truncation", "true",
                    "maxLength", Integer.toString(maxTokens), "addSpecialTokens", "true"));
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException("cannot load tokenizer " + model.tokenizerResource() + ": " + e.getMessage(), e);
        }
        OrtSession session = null;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(Math.max(1, threads));
            options.setInterOpNumThreads(1);
            session = env.createSession(graph, options);
            String id = model.id() + "@" + ModelResources.jarVersion(loader, model.pomPropertiesResource());
            SentenceEncoder probe = new SentenceEncoder(env, session, tokenizer, 0, id, maxTokens);
            int dimension = probe.embed("dimension probe").length;
            return new SentenceEncoder(env, session, tokenizer, dimension, id, maxTokens);
        } catch (OrtException | InferenceException | RuntimeException e) {
            tokenizer.close();
            if (session != null) {
                try {
                    session.close();
                } catch (OrtException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw new ModelLoadException("cannot load ONNX model " + model.modelResource() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads the encoder a {@link #version()} string names (what a learned head records), and checks that
     * the classpath really holds that version: a head must be fed the vectors it was trained on.
     */
    public static SentenceEncoder forVersion(String version, int threads) throws ModelLoadException {
        int at = version.indexOf('@');
        int max = version.lastIndexOf("/max");
        if (at < 0 || max < at) {
            throw new ModelLoadException("not an encoder version: '" + version + "'");
        }
        int maxTokens;
        try {
            maxTokens = Integer.parseInt(version.substring(max + 4));
        } catch (NumberFormatException e) {
            throw new ModelLoadException("not an encoder version: '" + version + "'");
        }
        SentenceEncoder encoder = load(EncoderModel.byId(version.substring(0, at)), maxTokens, threads);
        if (!encoder.version().equals(version)) {
            encoder.close();
            throw new ModelLoadException("wanted encoder " + version + ", the classpath has " + encoder.version());
        }
        return encoder;
    }

    /** The L2-normalised embedding of one text. */
    public float[] embed(String text) throws InferenceException {
        return encode(text).vector();
    }

    /**
     * One text's embedding and the tokens it was made from.
     *
     * @param tokens tokens the model saw, special tokens included
     * @param truncated whether the text may have been cut to {@link #maxTokens()} (it filled the budget)
     */
    public record Encoded(float[] vector, int tokens, boolean truncated) {}

    /** The L2-normalised embedding of one text, with its token count. */
    public Encoded encode(String text) throws InferenceException {
        Encoding encoding;
        try {
            encoding = tokenizer.encode(text);
        } catch (RuntimeException e) {
            throw new InferenceException("tokenisation failed: " + e.getMessage(), e);
        }
        long[] ids = encoding.getIds();
        long[] mask = encoding.getAttentionMask();
        long[] shape = {1, ids.length};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
            if (typeIds) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(encoding.getTypeIds()), shape));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                // The flat buffer, pooled by the same code as the light tier's encoder: bit-identical vectors.
                OnnxTensor output = (OnnxTensor) result.get(0);
                FloatBuffer buffer = output.getFloatBuffer();
                float[] hidden = new float[buffer.remaining()];
                buffer.get(hidden);
                int dim = (int) output.getInfo().getShape()[2];
                return new Encoded(HiddenStatePooling.maskedMean(hidden, 0, ids.length, dim, mask), ids.length,
                        ids.length >= maxTokens);
            }
        } catch (OrtException | ClassCastException e) {
            throw new InferenceException("encoder inference failed: " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** Tokens the model sees for this text, special tokens included, after truncation. */
    public int tokens(String text) {
        return tokenizer.encode(text).getIds().length;
    }

    @Override
    public float[][] embed(List<String> texts) throws InferenceException {
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = embed(texts.get(i));
        }
        return out;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    /** Encoder id, jar version and truncation, e.g. {@code all-minilm-l6-v2-q@1.19.0-beta29/max256}. */
    @Override
    public String version() {
        return version;
    }

    /**
     * The encoder and its jar version without the truncation, e.g. {@code all-minilm-l6-v2-q@1.19.0-beta29}: the
     * same string the light tier's encoder reports when it loads the same graph and tokenizer.
     */
    public String model() {
        return model;
    }

    public int maxTokens() {
        return maxTokens;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // Shutting down; nothing useful to do.
        }
        tokenizer.close();
    }
}
