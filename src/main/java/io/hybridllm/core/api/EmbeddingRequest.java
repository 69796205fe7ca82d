package io.hybridllm.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** OpenAI embeddings request after validation: {@code input} is always a list of strings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record EmbeddingRequest(String model, List<String> input) {

    public EmbeddingRequest {
        input = input == null ? List.of() : List.copyOf(input);
    }
}
