package io.hybridllm.heavy.decoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplerTest {

    private static final float[] LOGITS = {0f, (float) Math.log(3), -50f};

    @Test
    void samplesInProportionToSoftmax() {
        Sampler sampler = new Sampler(1.0, 1.0, 7L);
        int ones = 0;
        for (int i = 0; i < 20_000; i++) {
            ones += sampler.next(LOGITS, 0, 3) == 1 ? 1 : 0;
        }
        double share = ones / 20_000.0;
        assertTrue(Math.abs(share - 0.75) < 0.02, "share of id 1: " + share);
    }

    @Test
    void nucleusKeepsOnlyTheTopMass() {
        Sampler sampler = new Sampler(1.0, 0.7, 7L);
        for (int i = 0; i < 1000; i++) {
            assertEquals(1, sampler.next(LOGITS, 0, 3));
        }
    }

    @Test
    void lowTemperatureSharpens() {
        Sampler sampler = new Sampler(0.1, 1.0, 7L);
        int ones = 0;
        for (int i = 0; i < 2000; i++) {
            ones += sampler.next(LOGITS, 0, 3) == 1 ? 1 : 0;
        }
        assertTrue(ones > 1990, "temperature 0.1 should almost always pick id 1: " + ones);
        assertEquals(1, new Sampler(0, 1, null).next(LOGITS, 0, 3));
    }

    /**
     * The nucleus shortcut (sorting only the likely tokens) picks exactly what sorting the whole
     * vocabulary picks, for peaked and flat distributions over a realistic vocabulary.
     */
    @Test
    void nucleusShortcutPicksWhatAFullSortPicks() {
        SplittableRandom gen = new SplittableRandom(3);
        for (double spread : new double[] {0.05, 1, 4, 12}) {
            float[] logits = new float[3072];
            for (int i = 0; i < logits.length; i++) {
                logits[i] = (float) (gen.nextGaussian() * spread);
            }
            for (double topP : new double[] {0.5, 0.9, 0.95, 0.999}) {
                Sampler sampler = new Sampler(0.8, topP, 11L);
                SplittableRandom reference = new SplittableRandom(11L);
                for (int draw = 0; draw < 300; draw++) {
                    assertEquals(fullSortNucleus(logits, 0.8, topP, reference), sampler.next(logits, 0, logits.length),
                            "spread " + spread + ", top_p " + topP + ", draw " + draw);
                }
            }
        }
    }

    /** Top-p by sorting every id, as the sampler did before the shortcut. */
    private static int fullSortNucleus(float[] logits, double temperature, double topP, SplittableRandom random) {
        int vocab = logits.length;
        double max = Double.NEGATIVE_INFINITY;
        for (float logit : logits) {
            max = Math.max(max, logit);
        }
        double[] probs = new double[vocab];
        double sum = 0;
        for (int i = 0; i < vocab; i++) {
            probs[i] = Math.exp((logits[i] - max) / temperature);
            sum += probs[i];
        }
        long[] packed = new long[vocab];
        for (int i = 0; i < vocab; i++) {
            packed[i] = ((long) Float.floatToIntBits((float) probs[i]) << 32) | i;
        }
        Arrays.sort(packed);
        double kept = 0;
        int n = 0;
        while (n < vocab) {
            kept += probs[(int) packed[vocab - 1 - n]];
            n++;
            if (kept >= topP * sum) {
                break;
            }
        }
        double u = random.nextDouble() * kept;
        double acc = 0;
        for (int k = 0; k < n; k++) {
            acc += probs[(int) packed[vocab - 1 - k]];
            if (u < acc) {
                return (int) packed[vocab - 1 - k];
            }
        }
        return (int) packed[vocab - n];
    }
}
