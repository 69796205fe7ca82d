package io.hybridllm.core.routing;

/**
 * The one place where a complexity score meets a threshold: scores at or above the threshold go
 * to the heavy tier, the rest try the light tier first.
 */
public final class RoutingPolicy {

    private final double threshold;

    public RoutingPolicy(double threshold) {
        if (!(threshold >= 0.0 && threshold <= 1.0)) {
            throw new IllegalArgumentException("threshold must be in [0,1], got " + threshold);
        }
        this.threshold = threshold;
    }

    public double threshold() {
        return threshold;
    }

    public RoutingDecision decide(double score) {
        if (!(score >= 0.0 && score <= 1.0)) {
            throw new IllegalArgumentException("score must be in [0,1], got " + score);
        }
        return new RoutingDecision(score >= threshold ? Tier.HEAVY : Tier.LIGHT, score, threshold);
    }
}
