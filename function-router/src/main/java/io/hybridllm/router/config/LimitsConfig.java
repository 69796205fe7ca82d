package io.hybridllm.router.config;

import io.hybridllm.core.validation.RequestLimits;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Request bounds, shared in name and meaning with the light and heavy functions. */
@ConfigMapping(prefix = "hybrid.limits")
public interface LimitsConfig {

    /** Largest accepted request body in bytes; larger bodies get our own 413 with an OpenAI error body. */
    @WithDefault("262144")
    int maxBodyBytes();

    /** Largest accepted max_tokens / max_completion_tokens. */
    @WithDefault("4096")
    int maxTokens();

    default RequestLimits toLimits() {
        return new RequestLimits(maxBodyBytes(), maxTokens(), RequestLimits.DEFAULT.maxEmbeddingInputs());
    }
}
