package io.hybridllm.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/** OpenAI {@code chat.completion.chunk}, one server-sent event of a streamed answer. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChatCompletionChunk(
        String id,
        String object,
        long created,
        String model,
        List<ChunkChoice> choices,
        HybridInfo hybrid) {

    /** The terminating SSE payload OpenAI clients wait for. */
    public static final String DONE = "[DONE]";

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ChunkChoice(int index, Delta delta, @JsonProperty("finish_reason") String finishReason) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Delta(String role, String content) {}

    public static ChatCompletionChunk role(String id, String model, long created, HybridInfo hybrid) {
        return new ChatCompletionChunk(id, "chat.completion.chunk", created, model,
                List.of(new ChunkChoice(0, new Delta("assistant", ""), null)), hybrid);
    }

    public static ChatCompletionChunk content(String id, String model, long created, String text) {
        return new ChatCompletionChunk(id, "chat.completion.chunk", created, model,
                List.of(new ChunkChoice(0, new Delta(null, text), null)), null);
    }

    public static ChatCompletionChunk finish(String id, String model, long created, String finishReason) {
        return new ChatCompletionChunk(id, "chat.completion.chunk", created, model,
                List.of(new ChunkChoice(0, new Delta(null, null), finishReason)), null);
    }

    /**
     * Streams an already complete answer (cache or light tier) the way a decoder would: a role
     * chunk carrying the hybrid info, word-sized content chunks, and a finish chunk.
     */
    public static List<ChatCompletionChunk> fromResponse(ChatCompletionResponse response) {
        long created = response.created();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        chunks.add(role(response.id(), response.model(), created, response.hybrid()));
        String text = response.content();
        int start = 0;
        while (start < text.length()) {
            int next = text.indexOf(' ', start + 1);
            int end = next < 0 ? text.length() : next;
            chunks.add(content(response.id(), response.model(), created, text.substring(start, end)));
            start = end;
        }
        String finish = response.choices() == null || response.choices().isEmpty()
                ? "stop" : response.choices().get(0).finishReason();
        chunks.add(finish(response.id(), response.model(), created, finish == null ? "stop" : finish));
        return chunks;
    }

    /** The text this chunk adds, or "" for role and finish chunks. */
    public String contentDelta() {
        if (choices == null || choices.isEmpty() || choices.get(0).delta() == null) {
            return "";
        }
        String content = choices.get(0).delta().content();
        return content == null ? "" : content;
    }
}
