package io.hybridllm.router.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridllm.router.config.RouterConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HeavyLoadGuardTest {

    private static RouterConfig.Load load(int high, int low, Duration highLatency, Duration lowLatency) {
        return new RouterConfig.Load() {
            public boolean enabled() { return true; }
            public int highInFlight() { return high; }
            public int lowInFlight() { return low; }
            public Duration highLatency() { return highLatency; }
            public Duration lowLatency() { return lowLatency; }
            public double shiftMargin() { return 0.2; }
        };
    }

    @Test
    void inFlightCallsTripItAtTheHighMarkAndReleaseItOnlyAtTheLowMark() {
        HeavyLoadGuard guard = new HeavyLoadGuard(load(3, 1, Duration.ofHours(1), Duration.ofHours(1)));
        guard.started();
        guard.started();
        assertFalse(guard.overloaded());
        assertEquals(0.5, guard.effectiveThreshold(0.5), 1e-12);
        guard.started();
        assertTrue(guard.overloaded());
        assertEquals(0.7, guard.effectiveThreshold(0.5), 1e-12);
        guard.finished(1_000_000);
        assertTrue(guard.overloaded(), "2 in flight is between the marks: still overloaded");
        guard.finished(1_000_000);
        assertFalse(guard.overloaded());
        guard.started();
        assertFalse(guard.overloaded(), "2 in flight, coming from below: still normal");
    }

    @Test
    void slowCallsTripItAndFastOnesReleaseIt() {
        HeavyLoadGuard guard = new HeavyLoadGuard(load(100, 100, Duration.ofMillis(500), Duration.ofMillis(200)));
        guard.started();
        guard.finished(Duration.ofSeconds(2).toNanos());
        assertTrue(guard.overloaded());
        for (int i = 0; i < 5; i++) {
            guard.started();
            guard.finished(Duration.ofMillis(100).toNanos());
        }
        assertTrue(guard.latencyMs() > 200, "the average still remembers the slow call: " + guard.latencyMs());
        assertTrue(guard.overloaded());
        for (int i = 0; i < 20; i++) {
            guard.started();
            guard.finished(Duration.ofMillis(100).toNanos());
        }
        assertFalse(guard.overloaded());
        assertEquals(0.9, guard.effectiveThreshold(0.9), 1e-12);
    }
}
