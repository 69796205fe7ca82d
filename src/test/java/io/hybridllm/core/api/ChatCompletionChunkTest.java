package io.hybridllm.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ChatCompletionChunkTest {

    @Test
    void streamsACompleteAnswerAsRoleContentAndFinishChunks() {
        HybridInfo info = HybridInfo.light(false, "card_arrival", 0.98, "confident");
        ChatCompletionResponse response = ChatCompletionResponse.of("id-1", "m", "Cards arrive in 5 days.", "stop",
                null, info);
        List<ChatCompletionChunk> chunks = ChatCompletionChunk.fromResponse(response);
        assertEquals("assistant", chunks.get(0).choices().get(0).delta().role());
        assertNotNull(chunks.get(0).hybrid());
        assertNull(chunks.get(1).hybrid());
        assertEquals("stop", chunks.get(chunks.size() - 1).choices().get(0).finishReason());
        String text = chunks.stream().map(ChatCompletionChunk::contentDelta).collect(Collectors.joining());
        assertEquals("Cards arrive in 5 days.", text);
    }

    @Test
    void emptyAnswersStillFinish() {
        ChatCompletionResponse response = ChatCompletionResponse.of("id", "m", "", "length", null, null);
        List<ChatCompletionChunk> chunks = ChatCompletionChunk.fromResponse(response);
        assertEquals(2, chunks.size());
        assertEquals("length", chunks.get(1).choices().get(0).finishReason());
    }
}
