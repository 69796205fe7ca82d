package io.hybridllm.router.cache;

import io.hybridllm.core.cache.CacheUnavailableException;
import java.util.Optional;

/**
 * The light tier's knowledge version, folded into every cache key so that no answer cached before a
 * knowledge change is served after it. The light function publishes it in Redis; without Redis there
 * is nothing to read and the light model version polled from {@code /v1/models} (which includes the
 * knowledge version) does the job, a refresh interval later.
 */
public interface KnowledgeVersion {

    /** Used when the router has no Redis. */
    KnowledgeVersion NOT_PUBLISHED = Optional::empty;

    /**
     * @return the published version, or empty when none is published
     * @throws CacheUnavailableException when it cannot be read now; the request then bypasses the cache
     */
    Optional<String> read() throws CacheUnavailableException;
}
