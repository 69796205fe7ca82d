package io.hybridllm.core.routing;

/**
 * The one place where a complexity score meets a threshold: scores at or above the threshold go
 * to the heavy tier, the rest try the light tier first. The threshold is fixed here, or chosen per
 * request by the caller (from a target heavy share, or raised while the heavy tier is overloaded).
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
        return decide(score, threshold);
    }

    /** The same comparison with a threshold chosen for this request (calibrated, or raised under load). */
    public RoutingDecision decide(double score, double requestThreshold) {
        if (!(score >= 0.0 && score <= 1.0)) {
            throw new IllegalArgumentException("score must be in [0,1], got " + score);
        }
        if (!(requestThreshold >= 0.0 && requestThreshold <= 1.0)) {
            throw new IllegalArgumentException("threshold must be in [0,1], got " + requestThreshold);
        }
        return new RoutingDecision(score >= requestThreshold ? Tier.HEAVY : Tier.LIGHT, score, requestThreshold);
    }
}
