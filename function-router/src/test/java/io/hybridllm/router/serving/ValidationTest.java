package io.hybridllm.router.serving;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hybridllm.router.RouterTestSupport;
import io.hybridllm.router.doubles.TestWorld;
import io.hybridllm.router.doubles.TiersAndRedisResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every kind of bad input gets its 4xx with an OpenAI error body, and never reaches a tier. */
@QuarkusTest
@WithTestResource(TiersAndRedisResource.class)
class ValidationTest extends RouterTestSupport {

    @BeforeEach
    void healthyTiers() {
        TestWorld.reset();
    }

    private static ValidatableResponse send(byte[] body) {
        return given().contentType("application/json").body(body).when().post("/v1/chat/completions").then();
    }

    private static ValidatableResponse send(String body) {
        return send(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void openAiError(ValidatableResponse response, int status, String code, String param) {
        response.statusCode(status)
                .contentType("application/json")
                .body("error.message", notNullValue())
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.code", equalTo(code))
                .body("error.param", param == null ? org.hamcrest.Matchers.nullValue() : equalTo(param))
                .body(not(containsString("Exception")));
    }

    @Test
    void malformedJsonIs400() {
        openAiError(send("{\"messages\": [ {\"role\": \"user\", "), 400, "invalid_json", null);
        openAiError(send("[1,2]"), 400, "invalid_json", null);
        openAiError(send(""), 400, "invalid_json", null);
    }

    @Test
    void invalidUtf8Is400() {
        byte[] body = "{\"messages\":[{\"role\":\"user\",\"content\":\"caf\u00e9\"}]}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] broken = new byte[body.length + 2];
        System.arraycopy(body, 0, broken, 0, body.length);
        // Splice in a lone continuation byte and an invalid lead byte inside the JSON string.
        int at = new String(body, java.nio.charset.StandardCharsets.UTF_8).indexOf("caf") + 3;
        System.arraycopy(body, at, broken, at + 2, body.length - at);
        broken[at] = (byte) 0x80;
        broken[at + 1] = (byte) 0xFF;
        openAiError(send(broken), 400, "invalid_encoding", null);
    }

    @Test
    void missingOrEmptyMessagesIs422() {
        openAiError(send("{\"model\":\"hybrid-llm\"}"), 422, "missing_required_parameter", "messages");
        openAiError(send("{\"messages\":[]}"), 422, "empty_array", "messages");
    }

    @Test
    void unknownRoleIs422() {
        openAiError(send("{\"messages\":[{\"role\":\"wizard\",\"content\":\"hi\"}]}"), 422, "invalid_value",
                "messages[0].role");
    }

    @Test
    void nonStringContentIs422() {
        openAiError(send("{\"messages\":[{\"role\":\"user\",\"content\":42}]}"), 422, "invalid_type",
                "messages[0].content");
    }

    @Test
    void maxTokensOutOfRangeIs422() {
        openAiError(send("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":0}"), 422,
                "invalid_value", "max_tokens");
        openAiError(send("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":100000}"), 422,
                "invalid_value", "max_tokens");
    }

    @Test
    void overLimitBodyIs413() {
        String big = "x".repeat(300_000);
        openAiError(send("{\"messages\":[{\"role\":\"user\",\"content\":\"" + big + "\"}]}"), 413,
                "request_too_large", null);
    }

    @Test
    void unknownPathIs404WithAnOpenAiBody() {
        given().when().get("/v1/nope").then().statusCode(404)
                .body("error.code", equalTo("not_found"))
                .body("error.type", equalTo("invalid_request_error"));
        given().contentType("application/json").body("{}").when().post("/v1/completions").then().statusCode(404)
                .body("error.code", equalTo("not_found"));
    }

    @Test
    void wrongMethodIs405WithAnOpenAiBody() {
        given().when().get("/v1/chat/completions").then().statusCode(405)
                .body("error.type", equalTo("invalid_request_error"));
    }

    @Test
    void badInputNeverReachesATier() {
        send("{\"messages\":[]}").statusCode(422);
        send("not json").statusCode(400);
        assertEquals(0, TestWorld.light().chatCalls() + TestWorld.heavy().chatCalls());
    }

    @Test
    void modelsListsTheRouter() {
        given().when().get("/v1/models").then().statusCode(200)
                .body("object", equalTo("list"))
                .body("data[0].id", equalTo("hybrid-llm"))
                .body("data[0].object", equalTo("model"))
                .body("data[0].owned_by", equalTo("hybrid-llm"))
                // Says which scorer routes: the learned one by default, with its encoder.
                .body("data[0].version", equalTo("router-v2+learned:all-minilm-l6-v2-q@1.19.0-beta29/max256"));
    }
}
