package io.hybridllm.canary.rollout;

import io.hybridllm.canary.health.CanaryHealth;
import io.hybridllm.canary.health.Judgement;
import java.util.Optional;

/** One judged bake period at one weight ({@code health} is empty for the final step to 1). */
public record StepRecord(double weight, Optional<CanaryHealth> health, Judgement judgement) {
}
