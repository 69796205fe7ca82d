package io.hybridllm.light.serving;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** OpenAI {@code GET /v1/models} body, with hybrid-llm's {@code version} per model. */
public record ModelList(String object, List<Model> data) {

    public record Model(String id, String object, @JsonProperty("owned_by") String ownedBy, String version) {}
}
