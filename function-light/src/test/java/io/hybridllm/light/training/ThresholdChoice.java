package io.hybridllm.light.training;

/**
 * Picks the answer/abstain threshold on held-out predictions: the lowest threshold (on a 0.001 grid)
 * whose answered queries reach the target precision, i.e. the most coverage that precision allows.
 */
public final class ThresholdChoice {

    /** Precision and coverage of answering only when confidence ≥ threshold. */
    public record Operating(double threshold, double precision, double coverage, int answered, int total) {
        @Override
        public String toString() {
            return String.format("threshold %.3f: precision %.4f, coverage %.4f (%d of %d answered)",
                    threshold, precision, coverage, answered, total);
        }
    }

    private ThresholdChoice() {}

    public static Operating at(double threshold, double[] confidence, boolean[] correct) {
        int answered = 0;
        int right = 0;
        for (int i = 0; i < confidence.length; i++) {
            if (confidence[i] >= threshold) {
                answered++;
                if (correct[i]) {
                    right++;
                }
            }
        }
        double precision = answered == 0 ? 1.0 : (double) right / answered;
        return new Operating(threshold, precision, (double) answered / confidence.length, answered,
                confidence.length);
    }

    public static Operating choose(double[] confidence, boolean[] correct, double targetPrecision) {
        for (int step = 0; step < 1000; step++) {
            Operating op = at(step / 1000.0, confidence, correct);
            if (op.precision() >= targetPrecision) {
                return op;
            }
        }
        return at(0.999, confidence, correct);
    }
}
