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
     * @param hidden the batch's last hidden state, flat ({@code [batch][length][dim]} row-major), as ONNX
     *     Runtime returns it; padded positions included
     * @param sequence which sequence of the batch
     * @param length positions per sequence (padded)
     * @param dim hidden size
     * @param mask the batch's flat attention mask ({@code [batch][length]})
     */
    float[] pool(float[] hidden, int sequence, int length, int dim, long[] mask) {
        int start = sequence * length * dim;
        double[] sum = new double[dim];
        if (this == CLS) {
            // Position 0 is [CLS] for every sequence, padded or not.
            for (int d = 0; d < dim; d++) {
                sum[d] = hidden[start + d];
            }
        } else {
            int count = 0;
            for (int t = 0; t < length; t++) {
                if (mask[sequence * length + t] == 0) {
                    continue;
                }
                count++;
                int row = start + t * dim;
                for (int d = 0; d < dim; d++) {
                    sum[d] += hidden[row + d];
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
