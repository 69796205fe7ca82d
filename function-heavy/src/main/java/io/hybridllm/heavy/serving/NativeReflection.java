package io.hybridllm.heavy.serving;

import io.hybridllm.core.api.ApiError;
import io.hybridllm.core.api.ChatCompletionChunk;
import io.hybridllm.core.api.ChatCompletionRequest;
import io.hybridllm.core.api.ChatCompletionResponse;
import io.hybridllm.core.api.ChatMessage;
import io.hybridllm.core.api.HybridInfo;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Core records that Jackson writes by hand here (SSE chunks, error bodies, upstream requests); a
 * native image would otherwise strip their accessors.
 */
@RegisterForReflection(targets = {
        ChatCompletionRequest.class, ChatMessage.class,
        ChatCompletionResponse.class, ChatCompletionResponse.Choice.class, ChatCompletionResponse.Usage.class,
        ChatCompletionChunk.class, ChatCompletionChunk.ChunkChoice.class, ChatCompletionChunk.Delta.class,
        HybridInfo.class, ApiError.class, ApiError.Body.class, ApiError.Detail.class})
final class NativeReflection {

    private NativeReflection() {
    }
}
