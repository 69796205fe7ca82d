package io.hybridllm.canary.plan;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A validated rollout: shift {@code alias} of {@code functionName} to {@code canaryVersion} through
 * {@code weights} (increasing, in (0,1], ending at 1), waiting {@code bake} after each step below 1
 * and judging the canary against {@code bounds}; up to {@code extraBakes} more waits when a step had
 * too little traffic to judge. Only {@link PlanValidation} creates plans.
 */
public record RolloutPlan(String functionName, String alias, String canaryVersion,
                          Optional<String> expectedPrimaryVersion, List<Double> weights, Duration bake,
                          int extraBakes, HealthBounds bounds) {

    public RolloutPlan {
        weights = List.copyOf(weights);
    }
}
