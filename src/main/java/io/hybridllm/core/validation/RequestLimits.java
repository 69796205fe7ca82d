package io.hybridllm.core.validation;

/**
 * Bounds a request must respect before any model sees it.
 *
 * @param maxBodyBytes largest accepted request body; larger bodies get 413
 * @param maxTokens largest accepted {@code max_tokens}
 * @param maxEmbeddingInputs largest number of strings in one embeddings request
 */
public record RequestLimits(int maxBodyBytes, int maxTokens, int maxEmbeddingInputs) {

    public static final RequestLimits DEFAULT = new RequestLimits(256 * 1024, 4096, 256);

    public RequestLimits {
        if (maxBodyBytes <= 0 || maxTokens <= 0 || maxEmbeddingInputs <= 0) {
            throw new IllegalArgumentException("request limits must be positive");
        }
    }
}
