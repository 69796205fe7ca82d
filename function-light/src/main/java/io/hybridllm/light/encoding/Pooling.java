package io.hybridllm.light.encoding;

import io.hybridllm.core.model.HiddenStatePooling;

/**
 * How a sentence vector is read off the transformer's last hidden state. Each model was trained with
 * one of these, and using the other one gives vectors the model's authors never evaluated.
 */
public enum Pooling {
    /** Mean over the real (unmasked) tokens: sentence-transformers' all-MiniLM-L6-v2. */
    MEAN,
    /** The first token's ([CLS]) state alone: BAAI's bge models, e.g. bge-small-zh-v1.5. */
    CLS;

    /**
     * Pools one sequence of a flat batch and L2-normalises the result (see {@link HiddenStatePooling}).
     *
     * @param sequence which sequence of the batch
     * @param length positions per sequence (padded)
     * @param dim hidden size
     * @param mask the batch's flat attention mask ({@code [batch][length]})
     */
    float[] pool(float[] hidden, int sequence, int length, int dim, long[] mask) {
        return this == CLS ? HiddenStatePooling.firstToken(hidden, sequence, length, dim)
                : HiddenStatePooling.maskedMean(hidden, sequence, length, dim, mask);
    }
}
