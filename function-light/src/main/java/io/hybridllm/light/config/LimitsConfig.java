package io.hybridllm.light.config;

import io.hybridllm.core.validation.RequestLimits;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Request bounds shared by every function ({@code hybrid.limits.*}). */
@ConfigMapping(prefix = "hybrid.limits")
public interface LimitsConfig {

    /** Largest accepted request body in bytes; larger bodies get 413 with an OpenAI error body. */
    @WithDefault("262144")
    int maxBodyBytes();

    /** Largest accepted max_tokens / max_completion_tokens. */
    @WithDefault("4096")
    int maxTokens();

    /** Most strings accepted in one /v1/embeddings request. */
    @WithDefault("256")
    int maxEmbeddingInputs();

    default RequestLimits toLimits() {
        return new RequestLimits(maxBodyBytes(), maxTokens(), maxEmbeddingInputs());
    }
}
