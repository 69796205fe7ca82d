package io.hybridllm.heavy.decoding;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token from a row of logits: greedy argmax at temperature 0, otherwise softmax at
 * the given temperature restricted to the smallest set of tokens whose mass reaches top_p.
 * One instance per generation (it owns the random stream, seeded when the request has a seed).
 */
public final class Sampler {

    /** Probability, relative to the most probable token, below which a token is presumed outside the nucleus. */
    private static final double NUCLEUS_CUTOFF = 1e-4;

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
        // The nucleus is the most probable tokens, so when the tokens above a small cut-off already
        // hold top_p of the mass, only they need sorting: the same ids in the same order as sorting
        // the whole vocabulary, at a fraction of the cost (sampling runs on the batch scheduler's
        // thread for every row of every step). Otherwise (a flat distribution) sort everything.
        double target = topP * sum;
        int[] order = byProbability(probs, vocab, NUCLEUS_CUTOFF);
        int n = nucleusSize(probs, order, target);
        if (n < 0) {
            order = byProbability(probs, vocab, 0);
            n = nucleusSize(probs, order, target);
            if (n < 0) {
                n = order.length; // rounding: the whole vocabulary summed to a hair under top_p
            }
        }
        double kept = 0;
        for (int k = 0; k < n; k++) {
            kept += probs[order[k]];
        }
        return draw(probs, order, n, kept);
    }

    /**
     * Ids whose probability (relative to the most probable, which is 1 here) is at least
     * {@code cutoff}, most probable first; ties by higher id first.
     */
    private static int[] byProbability(double[] probs, int vocab, double cutoff) {
        // Primitive sort of packed (float probability bits, id) pairs: no boxing, which matters
        // for 100k+ vocabularies.
        long[] packed = new long[vocab];
        int m = 0;
        for (int i = 0; i < vocab; i++) {
            if (probs[i] >= cutoff) {
                packed[m++] = ((long) Float.floatToIntBits((float) probs[i]) << 32) | i;
            }
        }
        Arrays.sort(packed, 0, m);
        int[] order = new int[m];
        for (int k = 0; k < m; k++) {
            order[k] = (int) packed[m - 1 - k];
        }
        return order;
    }

    /**
     * Tokens of {@code order} the nucleus takes (the smallest prefix whose mass reaches
     * {@code target}); -1 when the whole of {@code order} falls short of it.
     */
    private static int nucleusSize(double[] probs, int[] order, double target) {
        double kept = 0;
        for (int n = 0; n < order.length; n++) {
            kept += probs[order[n]];
            if (kept >= target) {
                return n + 1;
            }
        }
        return -1;
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
