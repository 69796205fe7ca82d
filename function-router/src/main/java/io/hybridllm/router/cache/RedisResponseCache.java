package io.hybridllm.router.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridllm.core.cache.CacheUnavailableException;
import io.hybridllm.core.cache.CachedAnswer;
import io.hybridllm.core.cache.ResponseCache;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import java.time.Duration;
import java.util.Optional;

/**
 * Answers shared by every router instance through Redis: one JSON string per key, written with
 * {@code SET key value PX ttl}. Each operation waits at most {@code timeout}; past it, or on any
 * connection error, it throws {@link CacheUnavailableException} and the router bypasses the cache.
 * The Vert.x client reconnects on the next operation, so a restarted Redis is used again.
 */
public final class RedisResponseCache implements ResponseCache {

    private final ReactiveRedisDataSource redis;
    private final ReactiveValueCommands<String, String> values;
    private final ObjectMapper mapper;
    private final Duration timeout;
    private final String hosts;

    public RedisResponseCache(ReactiveRedisDataSource redis, ObjectMapper mapper, Duration timeout, String hosts) {
        this.redis = redis;
        this.values = redis.value(String.class, String.class);
        this.mapper = mapper;
        this.timeout = timeout;
        this.hosts = hosts;
    }

    @Override
    public Optional<CachedAnswer> get(String key) throws CacheUnavailableException {
        String json;
        try {
            json = values.get(key).await().atMost(timeout);
        } catch (RuntimeException e) {
            throw new CacheUnavailableException("redis GET failed: " + e, e);
        }
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(mapper.readValue(json, CachedAnswer.class));
        } catch (JsonProcessingException e) {
            // A foreign or corrupt value under our key: treat as unusable rather than serve it.
            throw new CacheUnavailableException("redis value under " + key + " is not a cached answer", e);
        }
    }

    @Override
    public void put(String key, CachedAnswer answer, Duration ttl) throws CacheUnavailableException {
        try {
            String json = mapper.writeValueAsString(answer);
            values.set(key, json, new SetArgs().px(ttl)).await().atMost(timeout);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cached answers are plain records and always serialise", e);
        } catch (RuntimeException e) {
            throw new CacheUnavailableException("redis SET failed: " + e, e);
        }
    }

    /** True when Redis answers PING within the operation timeout. */
    public boolean reachable() {
        return ping(timeout);
    }

    /**
     * Pings with a generous budget so the connection pool is set up before the first request,
     * whose budget is only the operation timeout.
     */
    public boolean warmUp() {
        return ping(Duration.ofSeconds(2));
    }

    private boolean ping(Duration budget) {
        try {
            redis.execute("PING").await().atMost(budget);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public String description() {
        return "redis (" + hosts + ", shared between router instances)";
    }
}
