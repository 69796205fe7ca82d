package io.hybridllm.router.cache;

import io.hybridllm.core.api.ChatCompletionRequest;
import io.hybridllm.core.cache.CacheKey;
import io.hybridllm.core.cache.CacheUnavailableException;
import io.hybridllm.core.cache.CachedAnswer;
import io.hybridllm.core.cache.ResponseCache;
import io.hybridllm.router.config.RouterConfig;
import io.hybridllm.router.metrics.RouterMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/** The routing pipeline's view of the cache: never throws, turns outages into counted bypasses. */
@ApplicationScoped
public class AnswerCache {

    private static final Logger LOG = Logger.getLogger(AnswerCache.class);

    private final ResponseCache cache;
    private final RouterConfig config;
    private final RouterMetrics metrics;
    private final KnowledgeVersion knowledgeVersion;

    /** Name under which the knowledge version joins the tiers' versions in the cache key. */
    static final String KNOWLEDGE = "knowledge";

    public AnswerCache(ResponseCache cache, RouterConfig config, RouterMetrics metrics,
                       KnowledgeVersion knowledgeVersion) {
        this.cache = cache;
        this.config = config;
        this.metrics = metrics;
        this.knowledgeVersion = knowledgeVersion;
    }

    /**
     * Looks the request up under a key made of the tenant, the request, the tiers' model versions and
     * the light tier's current knowledge version. If the knowledge version cannot be read, the
     * request bypasses the cache (counted) rather than risk serving an answer from before a change.
     */
    public CacheLookup lookup(String tenant, ChatCompletionRequest request, Map<String, String> modelVersions) {
        String key;
        try {
            key = CacheKey.of(tenant, request, withKnowledge(modelVersions, knowledgeVersion.read()));
        } catch (CacheUnavailableException e) {
            metrics.cacheBypass();
            LOG.warnf("cache bypassed: %s", e.getMessage());
            return new CacheLookup(CacheLookup.BYPASS, Optional.empty(), null);
        }
        try {
            return cache.get(key).map(a -> new CacheLookup(CacheLookup.HIT, Optional.of(a), key))
                    .orElseGet(() -> new CacheLookup(CacheLookup.MISS, Optional.empty(), key));
        } catch (CacheUnavailableException e) {
            metrics.cacheBypass();
            LOG.warnf("cache bypassed: %s", e.getMessage());
            return new CacheLookup(CacheLookup.BYPASS, Optional.empty(), null);
        }
    }

    private static Map<String, String> withKnowledge(Map<String, String> modelVersions, Optional<String> knowledge) {
        if (knowledge.isEmpty()) {
            return modelVersions;
        }
        Map<String, String> versions = new HashMap<>(modelVersions);
        versions.put(KNOWLEDGE, knowledge.get());
        return versions;
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
