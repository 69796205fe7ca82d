package io.hybridllm.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The subset of OpenAI's chat completion request that hybrid-llm honours. Unknown fields are
 * accepted and ignored, as OpenAI-compatible servers commonly do.
 *
 * @param sharedEmbedding hybrid-llm's own extension, set only by the router on what it sends the light
 *     tier ({@link SharedEmbedding}); null on everything a client sent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChatCompletionRequest(
        String model,
        List<ChatMessage> messages,
        Double temperature,
        @JsonProperty("top_p") Double topP,
        @JsonProperty("max_tokens") Integer maxTokens,
        List<String> stop,
        Boolean stream,
        Long seed,
        String user,
        @JsonProperty(SharedEmbedding.FIELD) SharedEmbedding sharedEmbedding) {

    public ChatCompletionRequest {
        messages = messages == null ? List.of() : List.copyOf(messages);
        stop = stop == null ? null : List.copyOf(stop);
    }

    public static ChatCompletionRequest of(List<ChatMessage> messages) {
        return new ChatCompletionRequest(null, messages, null, null, null, null, null, null, null, null);
    }

    public boolean streaming() {
        return Boolean.TRUE.equals(stream);
    }

    public ChatCompletionRequest withStream(boolean value) {
        return new ChatCompletionRequest(model, messages, temperature, topP, maxTokens, stop, value, seed, user,
                sharedEmbedding);
    }

    /** This request with the router's embedding of its last user message (null: without one). */
    public ChatCompletionRequest withSharedEmbedding(SharedEmbedding embedding) {
        return new ChatCompletionRequest(model, messages, temperature, topP, maxTokens, stop, stream, seed, user,
                embedding);
    }

    /** The text of the last user message, which is what a knowledge-base lookup answers. */
    public String lastUserContent() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).role())) {
                return messages.get(i).content();
            }
        }
        return "";
    }
}
