package io.hybridllm.router.cache;

import io.hybridllm.core.cache.CacheUnavailableException;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads the knowledge version the light function keeps at {@code hybrid.router.cache.knowledge-version-key}:
 * one GET per request, on the Redis the cache lookup uses anyway, within the same per-operation timeout.
 */
public final class RedisKnowledgeVersion implements KnowledgeVersion {

    private final ReactiveValueCommands<String, String> values;
    private final String key;
    private final Duration timeout;

    public RedisKnowledgeVersion(ReactiveRedisDataSource redis, String key, Duration timeout) {
        this.values = redis.value(String.class, String.class);
        this.key = key;
        this.timeout = timeout;
    }

    @Override
    public Optional<String> read() throws CacheUnavailableException {
        try {
            return Optional.ofNullable(values.get(key).await().atMost(timeout));
        } catch (RuntimeException e) {
            throw new CacheUnavailableException("redis GET " + key + " (knowledge version) failed: " + e, e);
        }
    }
}
