package io.hybridllm.router.routing;

import io.hybridllm.router.config.RouterConfig;
import java.util.OptionalDouble;

/**
 * Chooses the threshold for one request. With a target heavy share (the request's
 * {@code X-Hybrid-Heavy-Share} header, else {@code hybrid.router.calibration.target-heavy-share}) it is
 * the score that exactly that share of the recent traffic sample reaches; without one, or while the sample
 * is smaller than {@code min-sample}, it is the fixed {@code hybrid.router.threshold}.
 */
public final class ThresholdCalibrator {

    /** The threshold for a request and where it came from. */
    public record Choice(double threshold, OptionalDouble targetShare, int sampleSize) {
        public boolean calibrated() {
            return targetShare.isPresent() && sampleSize > 0;
        }
    }

    private final ScoreSample sample;
    private final double fixedThreshold;
    private final OptionalDouble configuredTarget;
    private final int minSample;

    public ThresholdCalibrator(ScoreSample sample, double fixedThreshold, OptionalDouble configuredTarget, int minSample) {
        this.sample = sample;
        this.fixedThreshold = fixedThreshold;
        this.configuredTarget = configuredTarget;
        this.minSample = minSample;
    }

    public static ThresholdCalibrator of(ScoreSample sample, RouterConfig config) {
        RouterConfig.Calibration c = config.calibration();
        OptionalDouble target = c.targetHeavyShare().isPresent()
                ? OptionalDouble.of(checkedShare(c.targetHeavyShare().get())) : OptionalDouble.empty();
        return new ThresholdCalibrator(sample, config.threshold(), target, c.minSample());
    }

    public void record(double score) {
        sample.record(score);
    }

    public Choice choose(OptionalDouble requestedShare) {
        OptionalDouble target = requestedShare.isPresent() ? requestedShare : configuredTarget;
        if (target.isEmpty()) {
            return new Choice(fixedThreshold, target, 0);
        }
        double[] sorted = sample.sorted();
        if (sorted.length < minSample) {
            return new Choice(fixedThreshold, target, 0);
        }
        return new Choice(thresholdFor(sorted, target.getAsDouble()), target, sorted.length);
    }

    /**
     * The k-th highest sampled score, k = round(share · n): the k highest-scoring requests of the sample
     * reach it (more when scores tie at the cut); share 0 puts it just above the highest score.
     */
    static double thresholdFor(double[] sorted, double share) {
        int n = sorted.length;
        int heavy = (int) Math.round(share * n);
        if (heavy <= 0) {
            return Math.min(1.0, Math.nextUp(sorted[n - 1]));
        }
        if (heavy >= n) {
            return 0.0;
        }
        return sorted[n - heavy];
    }

    /** A heavy share must be a fraction in [0,1]. */
    public static double checkedShare(double share) {
        if (!(share >= 0.0 && share <= 1.0)) {
            throw new IllegalArgumentException("a heavy share is a fraction in [0,1], got " + share);
        }
        return share;
    }
}
