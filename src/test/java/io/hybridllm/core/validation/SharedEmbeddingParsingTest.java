package io.hybridllm.core.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridllm.core.api.ApiError;
import io.hybridllm.core.api.ApiException;
import io.hybridllm.core.api.ChatCompletionRequest;
import io.hybridllm.core.api.ChatMessage;
import io.hybridllm.core.api.SharedEmbedding;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SharedEmbeddingParsingTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final RequestParser parser = new RequestParser(mapper, new RequestLimits(1 << 20, 4096, 8));

    private static byte[] utf8(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** A random unit vector, as an encoder would make. */
    private static float[] unit(int dimension, long seed) {
        Random random = new Random(seed);
        float[] vector = new float[dimension];
        double norm = 0;
        for (int i = 0; i < dimension; i++) {
            vector[i] = (float) random.nextGaussian();
            norm += vector[i] * vector[i];
        }
        for (int i = 0; i < dimension; i++) {
            vector[i] = (float) (vector[i] / Math.sqrt(norm));
        }
        return vector;
    }

    private byte[] routed(SharedEmbedding embedding) throws Exception {
        return mapper.writeValueAsBytes(ChatCompletionRequest.of(List.of(ChatMessage.user("where is my card?")))
                .withSharedEmbedding(embedding));
    }

    @Test
    void theVectorSurvivesTheWireBitForBit() throws Exception {
        for (long seed = 0; seed < 200; seed++) {
            SharedEmbedding sent = new SharedEmbedding("all-minilm-l6-v2-q@1.19.0-beta29", 9, unit(384, seed));
            SharedEmbedding received = parser.parseRoutedChat(routed(sent)).sharedEmbedding();
            assertArrayEquals(sent.vector(), received.vector());
            assertEquals(sent, received);
        }
    }

    @Test
    void aClientsFieldIsNotReadFromAClientRequest() throws Exception {
        byte[] body = routed(new SharedEmbedding("all-minilm-l6-v2-q@1.19.0-beta29", 9, unit(384, 1)));
        assertNull(parser.parseChat(body).sharedEmbedding());
    }

    @Test
    void noFieldNoEmbedding() {
        assertNull(parser.parseRoutedChat(utf8("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .sharedEmbedding());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not an object      | [0.6,0.8]                                                  | hybrid_embedding",
        "encoder missing    | {\"tokens\":3,\"vector\":[0.6,0.8]}                        | hybrid_embedding.encoder",
        "encoder blank      | {\"encoder\":\" \",\"tokens\":3,\"vector\":[0.6,0.8]}      | hybrid_embedding",
        "tokens fractional  | {\"encoder\":\"e\",\"tokens\":3.5,\"vector\":[0.6,0.8]}    | hybrid_embedding.tokens",
        "tokens huge        | {\"encoder\":\"e\",\"tokens\":1e99,\"vector\":[0.6,0.8]}   | hybrid_embedding.tokens",
        "tokens zero        | {\"encoder\":\"e\",\"tokens\":0,\"vector\":[0.6,0.8]}      | hybrid_embedding",
        "vector missing     | {\"encoder\":\"e\",\"tokens\":3}                           | hybrid_embedding.vector",
        "vector empty       | {\"encoder\":\"e\",\"tokens\":3,\"vector\":[]}             | hybrid_embedding",
        "element a string   | {\"encoder\":\"e\",\"tokens\":3,\"vector\":[\"0.6\",0.8]}  | hybrid_embedding.vector[0]",
        "element overflows  | {\"encoder\":\"e\",\"tokens\":3,\"vector\":[1e39,0.8]}     | hybrid_embedding",
        "not unit norm      | {\"encoder\":\"e\",\"tokens\":3,\"vector\":[0.6,0.9]}      | hybrid_embedding",
        "zero vector        | {\"encoder\":\"e\",\"tokens\":3,\"vector\":[0,0]}          | hybrid_embedding",
    })
    void malformedEmbeddingsAre400s(String name, String field, String param) {
        byte[] body = utf8("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"hybrid_embedding\":" + field + "}");
        ApiError error = assertThrows(ApiException.class, () -> parser.parseRoutedChat(body)).error();
        assertEquals(400, error.status(), error.message());
        assertEquals("invalid_shared_embedding", error.code());
        assertEquals(param, error.param());
    }

    @Test
    void tooManyComponentsAreRefusedBeforeTheyAreRead() {
        StringBuilder vector = new StringBuilder("[1");
        for (int i = 0; i < SharedEmbedding.MAX_DIMENSION; i++) {
            vector.append(",0");
        }
        byte[] body = utf8("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"hybrid_embedding\":"
                + "{\"encoder\":\"e\",\"tokens\":3,\"vector\":" + vector + "]}}");
        ApiError error = assertThrows(ApiException.class, () -> parser.parseRoutedChat(body)).error();
        assertEquals(400, error.status());
        assertEquals("hybrid_embedding.vector", error.param());
    }

    @Test
    void aNormWithinToleranceIsAccepted() {
        float[] nearlyUnit = {0.6f, 0.8f + (float) (SharedEmbedding.NORM_TOLERANCE / 2)};
        assertEquals(java.util.Optional.empty(), new SharedEmbedding("e", 3, nearlyUnit).problem());
    }
}
