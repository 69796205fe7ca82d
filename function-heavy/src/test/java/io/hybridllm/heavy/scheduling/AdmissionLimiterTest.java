package io.hybridllm.heavy.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AdmissionLimiterTest {

    @Test
    void queuedRequestGetsTheSlotWhenItFrees() throws Exception {
        AdmissionLimiter limiter = new AdmissionLimiter(1, 1, Duration.ofSeconds(5), 1, 503);
        AdmissionLimiter.Permit first = limiter.acquire();
        CompletableFuture<AdmissionLimiter.Permit> waiting = CompletableFuture.supplyAsync(limiter::acquire);
        long deadline = System.currentTimeMillis() + 2000;
        while (limiter.queueDepth() == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(1, limiter.queueDepth());
        // Queue (1) is full: a third caller is refused at once.
        OverloadedException e = assertThrows(OverloadedException.class, limiter::acquire);
        assertEquals(503, e.error().status());
        assertEquals("overloaded", e.error().code());
        first.close();
        first.close(); // idempotent: must not free a second slot
        AdmissionLimiter.Permit second = waiting.get(2, TimeUnit.SECONDS);
        assertEquals(0, limiter.queueDepth());
        assertEquals(1, limiter.inFlight());
        second.close();
        assertEquals(0, limiter.inFlight());
    }

    @Test
    void waitingTooLongIsRefused() {
        AdmissionLimiter limiter = new AdmissionLimiter(1, 4, Duration.ofMillis(50), 2, 429);
        try (AdmissionLimiter.Permit held = limiter.acquire()) {
            long start = System.nanoTime();
            OverloadedException e = assertThrows(OverloadedException.class, limiter::acquire);
            assertTrue((System.nanoTime() - start) / 1_000_000 >= 45);
            assertEquals(2, e.retryAfterSeconds());
            assertEquals(429, e.error().status());
            assertEquals("overloaded", e.error().code());
            assertEquals(0, limiter.queueDepth());
        }
    }
}
