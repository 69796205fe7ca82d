package io.hybridllm.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** OpenAI {@code chat.completion} object, plus the optional {@code hybrid} extension. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChatCompletionResponse(
        String id,
        String object,
        long created,
        String model,
        List<Choice> choices,
        Usage usage,
        HybridInfo hybrid) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Choice(int index, ChatMessage message, @JsonProperty("finish_reason") String finishReason) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Usage(
            @JsonProperty("prompt_tokens") int promptTokens,
            @JsonProperty("completion_tokens") int completionTokens,
            @JsonProperty("total_tokens") int totalTokens) {

        public static Usage of(int prompt, int completion) {
            return new Usage(prompt, completion, prompt + completion);
        }
    }

    /** A single-choice assistant answer. */
    public static ChatCompletionResponse of(String id, String model, String content, String finishReason,
                                            Usage usage, HybridInfo hybrid) {
        return new ChatCompletionResponse(id, "chat.completion", System.currentTimeMillis() / 1000, model,
                List.of(new Choice(0, ChatMessage.assistant(content), finishReason)), usage, hybrid);
    }

    /** The first choice's text, or "" when there is none. */
    public String content() {
        if (choices == null || choices.isEmpty() || choices.get(0).message() == null) {
            return "";
        }
        String content = choices.get(0).message().content();
        return content == null ? "" : content;
    }

    public ChatCompletionResponse withHybrid(HybridInfo info) {
        return new ChatCompletionResponse(id, object, created, model, choices, usage, info);
    }
}
