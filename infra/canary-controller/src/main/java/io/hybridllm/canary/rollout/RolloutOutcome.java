package io.hybridllm.canary.rollout;

import io.hybridllm.canary.alias.AliasState;
import java.util.List;

/**
 * How a rollout ended: {@code promoted} (the canary has all traffic) or rolled back to the primary,
 * with the alias's final state, the reason and every judged step.
 */
public record RolloutOutcome(boolean promoted, AliasState finalState, String reason, List<StepRecord> steps) {

    public RolloutOutcome {
        steps = List.copyOf(steps);
    }

    /** 0 promoted, 1 rolled back (the other exit statuses come from exceptions). */
    public int exitStatus() {
        return promoted ? 0 : 1;
    }
}
