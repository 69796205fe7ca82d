package io.hybridllm.core.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A bounded, least-recently-used cache with expiry, for a router that has no Redis. Entries live in
 * one process only, so separate router instances do not share hits.
 */
public final class InMemoryResponseCache implements ResponseCache {

    private record Entry(CachedAnswer answer, long expiresAtMs) {}

    private final Clock clock;
    private final Map<String, Entry> entries;

    public InMemoryResponseCache(int maxEntries, Clock clock) {
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > maxEntries;
            }
        };
    }

    @Override
    public synchronized Optional<CachedAnswer> get(String key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (entry.expiresAtMs() <= clock.millis()) {
            entries.remove(key);
            return Optional.empty();
        }
        return Optional.of(entry.answer());
    }

    @Override
    public synchronized void put(String key, CachedAnswer answer, Duration ttl) {
        entries.put(key, new Entry(answer, clock.millis() + ttl.toMillis()));
    }

    public synchronized int size() {
        return entries.size();
    }

    @Override
    public String description() {
        return "in-process LRU cache (not shared between instances)";
    }
}
