package io.hybridllm.core.lambda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridllm.core.api.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class FunctionUrlEnvelopeTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private static final String CHAT = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Test
    void aDirectInvocationIsNotAnEnvelope() throws Exception {
        assertTrue(FunctionUrlEnvelope.httpBody(mapper.readTree(CHAT)).isEmpty());
    }

    @Test
    void unwrapsPlainAndBase64Bodies() throws Exception {
        String plain = mapper.writeValueAsString(java.util.Map.of("version", "2.0", "rawPath", "/",
                "requestContext", java.util.Map.of("http", java.util.Map.of("method", "POST")), "body", CHAT,
                "isBase64Encoded", false));
        assertArrayEquals(CHAT.getBytes(StandardCharsets.UTF_8),
                FunctionUrlEnvelope.httpBody(mapper.readTree(plain)).orElseThrow());
        String encoded = plain.replace("\"isBase64Encoded\":false", "\"isBase64Encoded\":true")
                .replace(mapper.writeValueAsString(CHAT), "\"" + Base64.getEncoder().encodeToString(
                        CHAT.getBytes(StandardCharsets.UTF_8)) + "\"");
        assertArrayEquals(CHAT.getBytes(StandardCharsets.UTF_8),
                FunctionUrlEnvelope.httpBody(mapper.readTree(encoded)).orElseThrow());
    }

    @Test
    void badBase64IsAClientError() throws Exception {
        var event = mapper.readTree("{\"rawPath\":\"/\",\"requestContext\":{},\"body\":\"***\",\"isBase64Encoded\":true}");
        ApiException e = assertThrows(ApiException.class, () -> FunctionUrlEnvelope.httpBody(event));
        assertEquals(400, e.error().status());
        assertEquals("invalid_encoding", e.error().code());
    }

    @Test
    void wrapsResponses() {
        var response = FunctionUrlEnvelope.httpResponse(422, "{\"error\":{}}");
        assertEquals(422, response.get("statusCode"));
        assertEquals("{\"error\":{}}", response.get("body"));
    }
}
