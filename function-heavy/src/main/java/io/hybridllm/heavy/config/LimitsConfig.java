package io.hybridllm.heavy.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Request limits shared by all functions ({@code hybrid.limits.*}). */
@ConfigMapping(prefix = "hybrid.limits")
public interface LimitsConfig {

    /** Largest accepted request body in bytes; larger bodies get 413. */
    @WithDefault("262144")
    int maxBodyBytes();

    /** Largest accepted {@code max_tokens}. */
    @WithDefault("4096")
    int maxTokens();
}
