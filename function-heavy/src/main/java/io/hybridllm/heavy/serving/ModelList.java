package io.hybridllm.heavy.serving;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** {@code GET /v1/models} body. */
@RegisterForReflection
public record ModelList(String object, List<Model> data) {

    /** {@code version} changes whenever the weights, tokenizer or upstream change. */
    @RegisterForReflection
    public record Model(String id, String object, @JsonProperty("owned_by") String ownedBy, String version) {}

    public static ModelList of(String id, String version) {
        return new ModelList("list", List.of(new Model(id, "model", "hybrid-llm", version)));
    }
}
