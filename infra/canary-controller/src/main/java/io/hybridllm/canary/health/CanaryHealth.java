package io.hybridllm.canary.health;

import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

/**
 * What the canary version did in a window: invocations and errors (Lambda's Invocations and Errors
 * for its ExecutedVersion), its Duration statistic if CloudWatch has one, and which of the watched
 * alarms were in ALARM.
 */
public record CanaryHealth(Instant from, Instant to, long invocations, long errors, OptionalDouble latencyMs,
                           List<String> alarmsFiring) {

    public CanaryHealth {
        alarmsFiring = List.copyOf(alarmsFiring);
    }

    public double errorRate() {
        return invocations == 0 ? 0.0 : (double) errors / invocations;
    }
}
