package io.hybridllm.heavy.decoding;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token from a row of logits: greedy argmax at temperature 0, otherwise softmax at
 * the given temperature restricted to the smallest set of tokens whose mass reaches top_p.
 * One instance per generation (it owns the random stream, seeded when the request has a seed).
 */
public final class Sampler {

    private final double temperature;
    private final double topP;
    private final SplittableRandom random;

    public Sampler(double temperature, double topP, Long seed) {
        this.temperature = temperature;
        this.topP = topP;
        this.random = seed == null ? new SplittableRandom() : new SplittableRandom(seed);
    }

    public int next(float[] logits, int offset, int vocab) {
        if (temperature <= 0.0) {
            return argmax(logits, offset, vocab);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < vocab; i++) {
            max = Math.max(max, logits[offset + i]);
        }
        double[] probs = new double[vocab];
        double sum = 0;
        for (int i = 0; i < vocab; i++) {
            probs[i] = Math.exp((logits[offset + i] - max) / temperature);
            sum += probs[i];
        }
        if (topP >= 1.0) {
            return draw(probs, null, vocab, sum);
        }
        // Sort ids by probability, descending, and keep the nucleus. Primitive sort of packed
        // (float probability bits, id) pairs: no boxing, which matters for 100k+ vocabularies.
        long[] packed = new long[vocab];
        for (int i = 0; i < vocab; i++) {
            packed[i] = ((long) Float.floatToIntBits((float) probs[i]) << 32) | i;
        }
        Arrays.sort(packed);
        int[] order = new int[vocab];
        for (int k = 0; k < vocab; k++) {
            order[k] = (int) packed[vocab - 1 - k];
        }
        double kept = 0;
        int n = 0;
        while (n < vocab) {
            kept += probs[order[n]];
            n++;
            if (kept >= topP * sum) {
                break;
            }
        }
        return draw(probs, order, n, kept);
    }

    private int draw(double[] probs, int[] order, int n, double total) {
        double u = random.nextDouble() * total;
        double acc = 0;
        for (int k = 0; k < n; k++) {
            int id = order == null ? k : order[k];
            acc += probs[id];
            if (u < acc) {
                return id;
            }
        }
        return order == null ? n - 1 : order[n - 1];
    }

    /** First index of the largest logit (same tie-breaking as numpy/torch argmax). */
    public static int argmax(float[] logits, int offset, int vocab) {
        int best = 0;
        float bestValue = logits[offset];
        for (int i = 1; i < vocab; i++) {
            if (logits[offset + i] > bestValue) {
                bestValue = logits[offset + i];
                best = i;
            }
        }
        return best;
    }
}
