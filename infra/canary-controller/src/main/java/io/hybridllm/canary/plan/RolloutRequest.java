package io.hybridllm.canary.plan;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A rollout as asked for, before validation ({@link PlanValidation#plan} turns it into a
 * {@link RolloutPlan}). {@code function} may be a name or an ARN; an alias ARN also names the alias.
 */
public record RolloutRequest(String function, Optional<String> alias, String canaryVersion,
                             Optional<String> expectedPrimaryVersion, List<Double> weights, Duration bake,
                             int extraBakes, HealthBounds bounds) {

    public RolloutRequest {
        weights = List.copyOf(weights);
    }
}
