package io.hybridllm.router.cache;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridllm.core.cache.InMemoryResponseCache;
import io.hybridllm.core.cache.ResponseCache;
import io.hybridllm.router.config.RouterConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Chooses where answers are cached: Redis when {@code quarkus.redis.hosts} is set, otherwise an
 * in-process LRU. The Redis client bean is only looked up in the first case, so a router without
 * Redis never tries to build (or connect) one.
 */
public class ResponseCacheProducer {

    private static final Logger LOG = Logger.getLogger(ResponseCacheProducer.class);

    // @Startup: the cache mode is decided, and logged, when the router starts, not on its first request.
    @Produces
    @Singleton
    @Startup
    ResponseCache responseCache(RouterConfig config, ObjectMapper mapper,
                                @ConfigProperty(name = "quarkus.redis.hosts") Optional<String> hosts,
                                Instance<ReactiveRedisDataSource> redis) {
        if (hosts.isPresent() && !hosts.get().isBlank()) {
            RedisResponseCache cache = new RedisResponseCache(redis.get(), mapper, config.cache().timeout(),
                    hosts.get());
            boolean up = cache.warmUp();
            LOG.infof("Answer cache: %s, ttl %s, per-operation timeout %s; redis %s", cache.description(),
                    config.cache().ttl(), config.cache().timeout(),
                    up ? "reachable" : "NOT reachable now (requests bypass the cache until it is)");
            return cache;
        }
        LOG.warn("No Redis configured (quarkus.redis.hosts unset): using an in-process cache; answers are not "
                + "shared between router instances");
        return new InMemoryResponseCache(config.cache().maxEntries(), Clock.systemUTC());
    }

    /** The light tier's knowledge version from the same Redis as the cache; nothing to read without one. */
    @Produces
    @Singleton
    KnowledgeVersion knowledgeVersion(RouterConfig config,
                                      @ConfigProperty(name = "quarkus.redis.hosts") Optional<String> hosts,
                                      Instance<ReactiveRedisDataSource> redis) {
        if (hosts.isPresent() && !hosts.get().isBlank()) {
            return new RedisKnowledgeVersion(redis.get(), config.cache().knowledgeVersionKey(), config.cache().timeout());
        }
        return KnowledgeVersion.NOT_PUBLISHED;
    }
}
