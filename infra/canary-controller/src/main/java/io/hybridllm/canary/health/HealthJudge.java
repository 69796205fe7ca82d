package io.hybridllm.canary.health;

import io.hybridllm.canary.plan.HealthBounds;
import java.util.Locale;

/**
 * Applies {@link HealthBounds} to a {@link CanaryHealth}. Order matters: a firing alarm and a bad
 * error rate count even with little traffic (an error is evidence); only a clean canary needs enough
 * invocations and a latency figure before it is called healthy.
 */
public final class HealthJudge {

    private HealthJudge() {
    }

    public static Judgement judge(CanaryHealth health, HealthBounds bounds) {
        if (!health.alarmsFiring().isEmpty()) {
            return new Judgement(Verdict.UNHEALTHY, "alarm in ALARM: " + String.join(", ", health.alarmsFiring()));
        }
        if (health.invocations() > 0 && health.errorRate() > bounds.maxErrorRate()) {
            return new Judgement(Verdict.UNHEALTHY, String.format(Locale.ROOT,
                    "error rate %.4f (%d of %d) above %.4f", health.errorRate(), health.errors(),
                    health.invocations(), bounds.maxErrorRate()));
        }
        if (health.latencyMs().isPresent() && health.latencyMs().getAsDouble() > bounds.maxLatencyMs()) {
            return new Judgement(Verdict.UNHEALTHY, String.format(Locale.ROOT, "%s duration %.1f ms above %.1f ms",
                    bounds.latencyStatistic(), health.latencyMs().getAsDouble(), bounds.maxLatencyMs()));
        }
        if (health.invocations() < bounds.minInvocations() || health.invocations() == 0) {
            return new Judgement(Verdict.INSUFFICIENT_DATA, String.format(Locale.ROOT,
                    "%d invocations, at least %d needed to judge", health.invocations(),
                    Math.max(1, bounds.minInvocations())));
        }
        if (health.latencyMs().isEmpty()) {
            return new Judgement(Verdict.INSUFFICIENT_DATA, "no " + bounds.latencyStatistic() + " duration data");
        }
        return new Judgement(Verdict.HEALTHY, String.format(Locale.ROOT,
                "error rate %.4f (%d of %d), %s duration %.1f ms", health.errorRate(), health.errors(),
                health.invocations(), bounds.latencyStatistic(), health.latencyMs().getAsDouble()));
    }
}
