package io.hybridllm.light.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Where the light tier's knowledge base is kept ({@code hybrid.knowledge.*}). */
@ConfigMapping(prefix = "hybrid.knowledge")
public interface KnowledgeConfig {

    /**
     * Prefix of the Redis keys ({@code <prefix>entries}, {@code <prefix>version}) when
     * {@code quarkus.redis.hosts} is set. The router reads {@code <prefix>version}
     * ({@code hybrid.router.cache.knowledge-version-key}), so both sides must agree.
     */
    @WithDefault("hybrid:knowledge:")
    String keyPrefix();

    /**
     * How often an instance compares the stored version with its own, to pick up changes made
     * through another instance. Checked off the request path, at most this often.
     */
    @WithDefault("2s")
    Duration refresh();
}
