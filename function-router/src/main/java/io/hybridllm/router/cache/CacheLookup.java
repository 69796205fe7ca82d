package io.hybridllm.router.cache;

import io.hybridllm.core.cache.CachedAnswer;
import java.util.Optional;

/**
 * What the cache said about one request.
 *
 * @param status "hit", "miss" or "bypass" (cache unreachable or too slow)
 * @param answer the cached answer on a hit
 */
public record CacheLookup(String status, Optional<CachedAnswer> answer) {

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
