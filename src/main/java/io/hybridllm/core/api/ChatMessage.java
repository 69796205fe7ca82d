package io.hybridllm.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One message of an OpenAI chat conversation; content is plain text after validation. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatMessage(String role, String content) {

    public static ChatMessage user(String content) {
        return new ChatMessage("user", content);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage("assistant", content);
    }
}
