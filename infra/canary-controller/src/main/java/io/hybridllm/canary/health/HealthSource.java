package io.hybridllm.canary.health;

import io.hybridllm.canary.failures.AwsCallException;
import io.hybridllm.canary.plan.HealthBounds;
import java.time.Instant;

/** Measures one version of a function behind an alias over a window. */
public interface HealthSource {

    CanaryHealth measure(String functionName, String alias, String version, Instant from, Instant to,
                         HealthBounds bounds) throws AwsCallException;
}
