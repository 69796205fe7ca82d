package io.hybridllm.router.cache;

import io.hybridllm.core.cache.CachedAnswer;
import java.util.Optional;

/**
 * What the cache said about one request.
 *
 * @param status "hit", "miss" or "bypass" (cache unreachable or too slow)
 * @param answer the cached answer on a hit
 * @param key the cache key of the request (answers are stored under it), or null on a bypass
 */
public record CacheLookup(String status, Optional<CachedAnswer> answer, String key) {

    public static final String HIT = "hit";
    public static final String MISS = "miss";
    public static final String BYPASS = "bypass";

    public boolean hit() {
        return HIT.equals(status);
    }

    public boolean bypassed() {
        return BYPASS.equals(status);
    }
}
