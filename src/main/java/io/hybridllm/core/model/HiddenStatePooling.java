package io.hybridllm.core.model;

/**
 * Turns a transformer's last hidden state into one L2-normalised sentence vector. Shared by every
 * encoder wrapper in the project, so that two of them fed the same tokens give bit-identical vectors
 * (the router hands its embedding to the light tier on that promise).
 *
 * <p>The hidden state is flat, {@code [batch][length][dim]} row-major, as ONNX Runtime returns it, and
 * the attention mask flat {@code [batch][length]}; padded positions are present in both.
 */
public final class HiddenStatePooling {

    private HiddenStatePooling() {}

    /** Mean over the sequence's real (unmasked) tokens: sentence-transformers' pooling for MiniLM. */
    public static float[] maskedMean(float[] hidden, int sequence, int length, int dim, long[] mask) {
        int start = sequence * length * dim;
        double[] sum = new double[dim];
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
        return unit(sum);
    }

    /** The first position's state alone ([CLS]): BAAI's pooling for the bge models. */
    public static float[] firstToken(float[] hidden, int sequence, int length, int dim) {
        int start = sequence * length * dim;
        double[] first = new double[dim];
        for (int d = 0; d < dim; d++) {
            first[d] = hidden[start + d];
        }
        return unit(first);
    }

    private static float[] unit(double[] v) {
        double norm = 0;
        for (double x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        float[] out = new float[v.length];
        for (int d = 0; d < v.length; d++) {
            out[d] = (float) (norm > 1e-12 ? v[d] / norm : 0.0);
        }
        return out;
    }
}
