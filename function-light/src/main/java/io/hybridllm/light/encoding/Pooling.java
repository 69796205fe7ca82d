package io.hybridllm.light.encoding;

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
     * Pools one sequence and L2-normalises the result.
     *
     * @param tokens the sequence's hidden states, padded positions included
     * @param mask the batch's flat attention mask
     * @param maskOffset where this sequence starts in {@code mask}
     */
    float[] pool(float[][] tokens, long[] mask, int maskOffset) {
        int dim = tokens[0].length;
        double[] sum = new double[dim];
        if (this == CLS) {
            // Position 0 is [CLS] for every sequence, padded or not.
            for (int d = 0; d < dim; d++) {
                sum[d] = tokens[0][d];
            }
        } else {
            int count = 0;
            for (int t = 0; t < tokens.length; t++) {
                if (mask[maskOffset + t] == 0) {
                    continue;
                }
                count++;
                for (int d = 0; d < dim; d++) {
                    sum[d] += tokens[t][d];
                }
            }
            for (int d = 0; d < dim; d++) {
                sum[d] /= Math.max(1, count);
            }
        }
        double norm = 0;
        for (int d = 0; d < dim; d++) {
            norm += sum[d] * sum[d];
        }
        norm = Math.sqrt(norm);
        float[] vector = new float[dim];
        for (int d = 0; d < dim; d++) {
            vector[d] = (float) (norm > 1e-12 ? sum[d] / norm : 0.0);
        }
        return vector;
    }
}
