package io.hybridllm.core.cache;

import java.time.Duration;
import java.util.Optional;

/** An exact-match answer cache keyed by {@link CacheKey}. */
public interface ResponseCache {

    Optional<CachedAnswer> get(String key) throws CacheUnavailableException;

    void put(String key, CachedAnswer answer, Duration ttl) throws CacheUnavailableException;

    /** Where the entries live, for start-up logs and health checks. */
    String description();
}
