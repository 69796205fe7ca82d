package io.hybridllm.router.cache;

import io.hybridllm.core.cache.CacheUnavailableException;
import io.hybridllm.core.cache.CachedAnswer;
import io.hybridllm.core.cache.ResponseCache;
import io.hybridllm.router.config.RouterConfig;
import io.hybridllm.router.metrics.RouterMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** The routing pipeline's view of the cache: never throws, turns outages into counted bypasses. */
@ApplicationScoped
public class AnswerCache {

    private static final Logger LOG = Logger.getLogger(AnswerCache.class);

    private final ResponseCache cache;
    private final RouterConfig config;
    private final RouterMetrics metrics;

    public AnswerCache(ResponseCache cache, RouterConfig config, RouterMetrics metrics) {
        this.cache = cache;
        this.config = config;
        this.metrics = metrics;
    }

    public CacheLookup lookup(String key) {
        try {
            return cache.get(key).map(a -> new CacheLookup(CacheLookup.HIT, java.util.Optional.of(a)))
                    .orElseGet(() -> new CacheLookup(CacheLookup.MISS, java.util.Optional.empty()));
        } catch (CacheUnavailableException e) {
            metrics.cacheBypass();
            LOG.warnf("cache bypassed: %s", e.getMessage());
            return new CacheLookup(CacheLookup.BYPASS, java.util.Optional.empty());
        }
    }

    /** Stores an answer; a failure is counted as a bypass and otherwise ignored (the client has its answer). */
    public void store(String key, CachedAnswer answer) {
        try {
            cache.put(key, answer, config.cache().ttl());
        } catch (CacheUnavailableException e) {
            metrics.cacheBypass();
            LOG.warnf("cache write skipped: %s", e.getMessage());
        }
    }
}
