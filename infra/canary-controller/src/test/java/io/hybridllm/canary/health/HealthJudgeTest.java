package io.hybridllm.canary.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridllm.canary.plan.HealthBounds;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class HealthJudgeTest {

    static final HealthBounds BOUNDS = new HealthBounds(0.01, 500, "p99", 20, List.of());

    static CanaryHealth health(long invocations, long errors, Double latency, String... alarms) {
        return new CanaryHealth(Instant.EPOCH, Instant.EPOCH, invocations, errors,
                latency == null ? OptionalDouble.empty() : OptionalDouble.of(latency), List.of(alarms));
    }

    static Verdict verdict(CanaryHealth h) {
        return HealthJudge.judge(h, BOUNDS).verdict();
    }

    @Test
    void withinBoundsIsHealthy() {
        assertEquals(Verdict.HEALTHY, verdict(health(100, 1, 500.0)));
        assertEquals(Verdict.HEALTHY, verdict(health(20, 0, 12.0)));
    }

    @Test
    void errorRateAboveTheBoundIsUnhealthy() {
        Judgement j = HealthJudge.judge(health(100, 2, 10.0), BOUNDS);
        assertEquals(Verdict.UNHEALTHY, j.verdict());
        assertTrue(j.reason().contains("error rate 0.0200 (2 of 100)"), j.reason());
    }

    @Test
    void errorsCountEvenWithLittleTraffic() {
        assertEquals(Verdict.UNHEALTHY, verdict(health(3, 1, 10.0)));
    }

    @Test
    void latencyAboveTheBoundIsUnhealthy() {
        Judgement j = HealthJudge.judge(health(100, 0, 500.1), BOUNDS);
        assertEquals(Verdict.UNHEALTHY, j.verdict());
        assertTrue(j.reason().contains("p99 duration 500.1 ms above 500.0 ms"), j.reason());
    }

    @Test
    void aFiringAlarmIsUnhealthyWhateverTheNumbers() {
        assertEquals(Verdict.UNHEALTHY, verdict(health(100, 0, 10.0, "router-canary-errors")));
    }

    @Test
    void tooFewInvocationsOrNoLatencyIsInsufficient() {
        assertEquals(Verdict.INSUFFICIENT_DATA, verdict(health(19, 0, 10.0)));
        assertEquals(Verdict.INSUFFICIENT_DATA, verdict(health(0, 0, null)));
        assertEquals(Verdict.INSUFFICIENT_DATA, verdict(health(100, 0, null)));
        HealthBounds anyTraffic = new HealthBounds(0.01, 500, "p99", 0, List.of());
        assertEquals(Verdict.INSUFFICIENT_DATA, HealthJudge.judge(health(0, 0, null), anyTraffic).verdict());
    }
}
