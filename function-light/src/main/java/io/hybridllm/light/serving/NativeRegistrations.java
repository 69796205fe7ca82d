package io.hybridllm.light.serving;

import io.hybridllm.core.api.ApiError;
import io.hybridllm.core.api.ChatCompletionChunk;
import io.hybridllm.core.api.ChatCompletionRequest;
import io.hybridllm.core.api.ChatCompletionResponse;
import io.hybridllm.core.api.ChatMessage;
import io.hybridllm.core.api.EmbeddingRequest;
import io.hybridllm.core.api.EmbeddingResponse;
import io.hybridllm.core.api.HybridInfo;
import io.hybridllm.light.knowledge.IntentHead;
import io.hybridllm.light.knowledge.KnowledgeBase;
import io.hybridllm.light.knowledge.KnowledgeEntry;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Jackson reads and writes these records reflectively; a native image must keep them. */
@RegisterForReflection(targets = {
        ChatCompletionRequest.class, ChatMessage.class, ChatCompletionResponse.class,
        ChatCompletionResponse.Choice.class, ChatCompletionResponse.Usage.class, ChatCompletionChunk.class,
        ChatCompletionChunk.ChunkChoice.class, ChatCompletionChunk.Delta.class, EmbeddingRequest.class,
        EmbeddingResponse.class, EmbeddingResponse.Embedding.class, EmbeddingResponse.Usage.class,
        HybridInfo.class, ApiError.class, ApiError.Body.class, ApiError.Detail.class,
        IntentHead.File.class, KnowledgeBase.File.class, ModelList.class, ModelList.Model.class,
        KnowledgeEntry.class, KnowledgeListing.class, KnowledgeEntryReply.class})
final class NativeRegistrations {
    private NativeRegistrations() {}
}
