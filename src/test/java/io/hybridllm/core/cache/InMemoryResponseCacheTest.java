package io.hybridllm.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class InMemoryResponseCacheTest {

    private static final class ManualClock extends Clock {
        long millis;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    private static CachedAnswer answer(String text) {
        return new CachedAnswer(text, "light", "m", "card_arrival", "stop", 0);
    }

    @Test
    void expiresEntriesAfterTheirTtl() {
        ManualClock clock = new ManualClock();
        InMemoryResponseCache cache = new InMemoryResponseCache(10, clock);
        cache.put("k", answer("a"), Duration.ofSeconds(5));
        assertEquals("a", cache.get("k").orElseThrow().content());
        clock.millis = 5_000;
        assertTrue(cache.get("k").isEmpty());
    }

    @Test
    void evictsTheLeastRecentlyUsedEntry() {
        InMemoryResponseCache cache = new InMemoryResponseCache(2, new ManualClock());
        cache.put("a", answer("a"), Duration.ofMinutes(1));
        cache.put("b", answer("b"), Duration.ofMinutes(1));
        cache.get("a");
        cache.put("c", answer("c"), Duration.ofMinutes(1));
        assertTrue(cache.get("b").isEmpty());
        assertTrue(cache.get("a").isPresent());
        assertEquals(2, cache.size());
    }
}
