package io.hybridllm.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Arrays;
import java.util.Optional;

/**
 * The router's sentence embedding of the last user message, sent to the light tier inside the chat body
 * ({@value #FIELD}) so that the text is embedded once per request. The light tier uses it only when
 * {@code encoder} names its own encoder and {@code tokens} fits its own truncation; otherwise it embeds
 * the text itself. The router strips the field from what clients send.
 *
 * @param encoder the encoder and its jar version, without truncation, e.g. {@code all-minilm-l6-v2-q@1.19.0-beta29}
 * @param tokens tokens the encoder saw, special tokens included; the router shares only untruncated texts
 * @param vector the L2-normalised embedding
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SharedEmbedding(String encoder, int tokens, float[] vector) {

    /** The request extension field that carries it. */
    public static final String FIELD = "hybrid_embedding";

    /** Distance from unit norm still accepted: float rounding of a normalised vector stays far below this. */
    public static final double NORM_TOLERANCE = 1e-3;

    /** Larger than any sentence encoder we load; bounds the work a hostile body can ask for. */
    public static final int MAX_DIMENSION = 4096;

    /**
     * What is wrong with this embedding as a whole (encoder named, positive token count, finite
     * components, unit norm), or empty when nothing is. Whether the dimension suits an encoder is for
     * the receiver to say.
     */
    public Optional<String> problem() {
        if (encoder == null || encoder.isBlank()) {
            return Optional.of("'encoder' must be a non-empty string");
        }
        if (tokens < 1) {
            return Optional.of("'tokens' must be a positive integer");
        }
        if (vector == null || vector.length == 0 || vector.length > MAX_DIMENSION) {
            return Optional.of("'vector' must hold 1 to " + MAX_DIMENSION + " numbers");
        }
        double squares = 0;
        for (int i = 0; i < vector.length; i++) {
            if (!Float.isFinite(vector[i])) {
                return Optional.of("'vector[" + i + "]' is not a finite 32-bit float");
            }
            squares += (double) vector[i] * vector[i];
        }
        double norm = Math.sqrt(squares);
        if (Math.abs(norm - 1.0) > NORM_TOLERANCE) {
            return Optional.of("'vector' must be L2-normalised; its norm is " + norm);
        }
        return Optional.empty();
    }

    // A record compares arrays by identity; embeddings are values.
    @Override
    public boolean equals(Object other) {
        return other instanceof SharedEmbedding that && tokens == that.tokens
                && java.util.Objects.equals(encoder, that.encoder) && Arrays.equals(vector, that.vector);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * java.util.Objects.hashCode(encoder) + tokens) + Arrays.hashCode(vector);
    }

    @Override
    public String toString() {
        return "SharedEmbedding[encoder=" + encoder + ", tokens=" + tokens + ", dimension="
                + (vector == null ? 0 : vector.length) + "]";
    }
}
