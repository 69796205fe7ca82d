package io.hybridllm.core.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridllm.core.api.ApiError;
import io.hybridllm.core.api.ApiException;
import io.hybridllm.core.api.ChatCompletionRequest;
import io.hybridllm.core.api.EmbeddingRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestParserTest {

    private final RequestParser parser = new RequestParser(new ObjectMapper(), new RequestLimits(1024, 4096, 8));

    private static byte[] utf8(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private ApiError chatError(byte[] body) {
        return assertThrows(ApiException.class, () -> parser.parseChat(body)).error();
    }

    @Test
    void parsesAFullRequest() {
        ChatCompletionRequest request = parser.parseChat(utf8("""
                {"model":"hybrid-llm","messages":[{"role":"system","content":"be brief"},
                 {"role":"user","content":[{"type":"text","text":"where is "},{"type":"text","text":"my card?"}]}],
                 "temperature":0.2,"top_p":0.9,"max_completion_tokens":32,"stop":"\\n","stream":true,"seed":7,
                 "n":1,"unknown_field":{"ignored":true}}"""));
        assertEquals(2, request.messages().size());
        assertEquals("where is my card?", request.lastUserContent());
        assertEquals(32, request.maxTokens());
        assertEquals(List.of("\n"), request.stop());
        assertTrue(request.streaming());
        assertEquals(7L, request.seed());
    }

    @Test
    void assistantMayOmitContent() {
        ChatCompletionRequest request = parser.parseChat(utf8(
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":null},"
                        + "{\"role\":\"user\",\"content\":\"again\"}]}"));
        assertEquals("", request.messages().get(1).content());
        assertNull(request.maxTokens());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "malformed json          | {\"messages\": [                                          | 400 | invalid_json               | ",
        "not an object           | [1,2]                                                      | 400 | invalid_json               | ",
        "missing messages        | {\"model\":\"x\"}                                          | 422 | missing_required_parameter | messages",
        "messages not array      | {\"messages\":\"hi\"}                                      | 422 | invalid_type               | messages",
        "empty messages          | {\"messages\":[]}                                          | 422 | empty_array                | messages",
        "unknown role            | {\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}   | 422 | invalid_value              | messages[0].role",
        "missing role            | {\"messages\":[{\"content\":\"x\"}]}                       | 422 | invalid_type               | messages[0].role",
        "numeric content         | {\"messages\":[{\"role\":\"user\",\"content\":42}]}        | 422 | invalid_type               | messages[0].content",
        "object content          | {\"messages\":[{\"role\":\"user\",\"content\":{\"a\":1}}]} | 422 | invalid_type               | messages[0].content",
        "image part              | {\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\"}]}]} | 422 | invalid_type | messages[0].content[0]",
        "user content missing    | {\"messages\":[{\"role\":\"user\"}]}                       | 422 | missing_required_parameter | messages[0].content",
        "max_tokens zero         | {\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":0}      | 422 | invalid_value | max_tokens",
        "max_tokens too big      | {\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":100000} | 422 | invalid_value | max_tokens",
        "max_tokens not integer  | {\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":1.5}    | 422 | invalid_type  | max_tokens",
        "temperature too high    | {\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":3}     | 422 | invalid_value | temperature",
        "top_p zero              | {\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"top_p\":0}           | 422 | invalid_value | top_p",
        "stream not boolean      | {\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream\":\"yes\"}    | 422 | invalid_type  | stream",
        "too many stops          | {\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]} | 422 | invalid_type | stop",
        "n above one             | {\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"n\":2}               | 422 | unsupported_value | n",
    })
    void rejectsBadChatRequests(String name, String body, int status, String code, String param) {
        ApiError error = chatError(utf8(body.strip()));
        assertEquals(status, error.status(), name);
        assertEquals(code, error.code(), name);
        assertEquals(param == null || param.isBlank() ? null : param.strip(), error.param(), name);
        assertEquals("invalid_request_error", error.type());
    }

    @Test
    void rejectsInvalidUtf8() {
        byte[] body = utf8("{\"messages\":[{\"role\":\"user\",\"content\":\"caf\"}]}");
        byte[] broken = new byte[body.length + 1];
        System.arraycopy(body, 0, broken, 0, 38);
        broken[38] = (byte) 0xC3; // a lead byte with no continuation
        System.arraycopy(body, 38, broken, 39, body.length - 38);
        ApiError error = chatError(broken);
        assertEquals(400, error.status());
        assertEquals("invalid_encoding", error.code());
    }

    @Test
    void rejectsBodiesOverTheLimitBeforeParsing() {
        ApiError error = chatError(new byte[1025]);
        assertEquals(413, error.status());
        assertEquals("request_too_large", error.code());
    }

    @Test
    void rejectsEmptyBody() {
        assertEquals(400, chatError(new byte[0]).status());
    }

    @Test
    void parsesEmbeddingInputs() {
        EmbeddingRequest single = parser.parseEmbeddings(utf8("{\"input\":\"hello\"}"));
        assertEquals(List.of("hello"), single.input());
        EmbeddingRequest many = parser.parseEmbeddings(utf8("{\"input\":[\"a\",\"b\"],\"model\":\"m\"}"));
        assertEquals(List.of("a", "b"), many.input());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "missing input  | {}                                            | missing_required_parameter",
        "numeric input  | {\"input\":3}                                 | invalid_type",
        "mixed array    | {\"input\":[\"a\",1]}                         | invalid_type",
        "empty array    | {\"input\":[]}                                | empty_array",
        "blank string   | {\"input\":\"  \"}                            | invalid_value",
        "too many       | {\"input\":[\"a\",\"a\",\"a\",\"a\",\"a\",\"a\",\"a\",\"a\",\"a\"]} | too_many_inputs",
    })
    void rejectsBadEmbeddingRequests(String name, String body, String code) {
        ApiError error = assertThrows(ApiException.class, () -> parser.parseEmbeddings(utf8(body.strip()))).error();
        assertEquals(422, error.status(), name);
        assertEquals(code, error.code(), name);
    }
}
