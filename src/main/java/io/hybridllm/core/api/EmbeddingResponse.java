package io.hybridllm.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/** OpenAI {@code list} of {@code embedding} objects. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EmbeddingResponse(String object, List<Embedding> data, String model, Usage usage) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Embedding(String object, int index, float[] embedding) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Usage(@JsonProperty("prompt_tokens") int promptTokens,
                        @JsonProperty("total_tokens") int totalTokens) {}

    public static EmbeddingResponse of(String model, float[][] vectors, int promptTokens) {
        List<Embedding> data = new ArrayList<>(vectors.length);
        for (int i = 0; i < vectors.length; i++) {
            data.add(new Embedding("embedding", i, vectors[i]));
        }
        return new EmbeddingResponse("list", data, model, new Usage(promptTokens, promptTokens));
    }
}
