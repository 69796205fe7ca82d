package io.hybridllm.canary.plan;

import java.util.List;

/**
 * What a healthy canary looks like over one bake period.
 *
 * @param maxErrorRate      highest acceptable errors / invocations, in [0,1]
 * @param maxLatencyMs      highest acceptable {@code latencyStatistic} of Duration, in milliseconds
 * @param latencyStatistic  CloudWatch statistic of Duration: a percentile such as {@code p99}, or
 *                          {@code Average} / {@code Maximum}
 * @param minInvocations    fewer canary invocations than this in a bake period is not enough to judge
 * @param alarmNames        CloudWatch alarms that must not be in ALARM (e.g. the template's canary alarms)
 */
public record HealthBounds(double maxErrorRate, double maxLatencyMs, String latencyStatistic,
                           long minInvocations, List<String> alarmNames) {

    public HealthBounds {
        alarmNames = List.copyOf(alarmNames);
    }

    public boolean latencyIsPercentile() {
        return latencyStatistic.startsWith("p");
    }
}
