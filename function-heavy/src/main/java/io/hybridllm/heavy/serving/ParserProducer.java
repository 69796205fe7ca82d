package io.hybridllm.heavy.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridllm.core.validation.RequestLimits;
import io.hybridllm.core.validation.RequestParser;
import io.hybridllm.heavy.config.LimitsConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The core request parser, configured from {@code hybrid.limits.*}. */
public class ParserProducer {

    @Produces
    @Singleton
    RequestParser parser(ObjectMapper mapper, LimitsConfig limits) {
        return new RequestParser(mapper, new RequestLimits(limits.maxBodyBytes(), limits.maxTokens(),
                RequestLimits.DEFAULT.maxEmbeddingInputs()));
    }
}
