package io.hybridllm.light.serving;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LightEndpointsTest {

    /** Must equal quarkus.http.test-port in application.properties. */
    static final int HTTP_TEST_PORT = 18191;

    /** RestAssured's default port is the Lambda mock event server here; HTTP tests name the HTTP port. */
    static RequestSpecification given() {
        return RestAssured.given().port(HTTP_TEST_PORT);
    }

    static String chat(String content) {
        return "{\"model\":\"hybrid-light-minilm-int8\",\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},"
                + "{\"role\":\"user\",\"content\":\"" + content + "\"}]}";
    }

    static ValidatableResponse post(String path, Object body) {
        return given().contentType("application/json").body(body).when().post(path).then();
    }

    static void expectError(ValidatableResponse response, int status, String code) {
        response.statusCode(status)
                .contentType(containsString("application/json"))
                .body("error.message", notNullValue())
                .body("error.type", equalTo(status >= 500 ? "server_error" : "invalid_request_error"))
                .body("error.code", equalTo(code));
    }

    @Test
    void knownQuestionIsAnsweredFromTheKnowledgeBase() {
        post("/v1/chat/completions", chat("Where is my new card? It still hasn't arrived"))
                .statusCode(200)
                .body("object", equalTo("chat.completion"))
                .body("model", equalTo("hybrid-light-minilm-int8"))
                .body("choices[0].message.role", equalTo("assistant"))
                .body("choices[0].message.content", containsString("Kestrel"))
                .body("choices[0].finish_reason", equalTo("stop"))
                .body("usage.prompt_tokens", greaterThan(0))
                .body("hybrid.tier", equalTo("light"))
                .body("hybrid.abstained", equalTo(false))
                .body("hybrid.intent", equalTo("card_arrival"))
                .body("hybrid.reason", equalTo("confident;language=en"));
    }

    @Test
    void outOfScopeQuestionAbstainsWithABestGuess() {
        post("/v1/chat/completions", chat("what is the capital of France"))
                .statusCode(200)
                .body("choices[0].finish_reason", equalTo("stop"))
                .body("choices[0].message.content", notNullValue())
                .body("hybrid.abstained", equalTo(true))
                .body("hybrid.reason", equalTo("out_of_scope;language=en"))
                .body("hybrid.intent", notNullValue())
                .body("hybrid.confidence", lessThan(0.9f));
    }

    @Test
    void blankLastUserMessageAbstainsAsEmptyQuery() {
        post("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"   \"}]}")
                .statusCode(200)
                .body("hybrid.abstained", equalTo(true))
                .body("hybrid.reason", equalTo("empty_query"))
                .body("hybrid.intent", nullValue());
    }

    @Test
    void conversationIsJudgedByItsLastUserMessage() {
        post("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"what is the capital of France\"},"
                + "{\"role\":\"assistant\",\"content\":\"Paris.\"},"
                + "{\"role\":\"user\",\"content\":\"Where is my new card? It still hasn't arrived\"}]}")
                .statusCode(200)
                .body("hybrid.abstained", equalTo(false))
                .body("hybrid.intent", equalTo("card_arrival"));
    }

    @Test
    void streamingReturnsServerSentEvents() {
        String body = given().contentType("application/json")
                .body("{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"My card still hasn't arrived\"}]}")
                .when().post("/v1/chat/completions")
                .then().statusCode(200).contentType(startsWith("text/event-stream"))
                .body(startsWith("data: {"))
                .body(containsString("\"object\":\"chat.completion.chunk\""))
                .body(containsString("\"intent\":\"card_arrival\""))
                .body(containsString("\"finish_reason\":\"stop\""))
                .body(endsWith("data: [DONE]\n\n"))
                .extract().asString();
        for (String event : body.split("\n\n")) {
            org.junit.jupiter.api.Assertions.assertTrue(event.startsWith("data: "), event);
        }
    }

    @Test
    void malformedJsonIs400() {
        expectError(post("/v1/chat/completions", "{\"messages\": ["), 400, "invalid_json");
    }

    @Test
    void invalidUtf8Is400() throws Exception {
        // Raw bytes through java.net.http, so no client library re-encodes the body.
        byte[] body = {'{', '"', 'm', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + HTTP_TEST_PORT + "/v1/chat/completions"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("\"code\":\"invalid_encoding\""), response.body());
        assertTrue(response.body().contains("\"type\":\"invalid_request_error\""), response.body());
    }

    @Test
    void emptyBodyIs400() {
        expectError(given().contentType("application/json").when().post("/v1/chat/completions").then(), 400,
                "invalid_json");
    }

    @Test
    void missingMessagesIs422() {
        expectError(post("/v1/chat/completions", "{\"model\":\"x\"}"), 422, "missing_required_parameter");
    }

    @Test
    void emptyMessagesIs422() {
        expectError(post("/v1/chat/completions", "{\"messages\":[]}"), 422, "empty_array");
    }

    @Test
    void unknownRoleIs422() {
        expectError(post("/v1/chat/completions", "{\"messages\":[{\"role\":\"wizard\",\"content\":\"hi\"}]}"), 422,
                "invalid_value");
    }

    @Test
    void nonStringContentIs422() {
        expectError(post("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":42}]}"), 422,
                "invalid_type");
    }

    @Test
    void maxTokensOutOfRangeIs422() {
        for (int maxTokens : new int[] {0, 100000}) {
            expectError(post("/v1/chat/completions",
                    "{\"max_tokens\":" + maxTokens + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
                    422, "invalid_value");
        }
    }

    @Test
    void bodyOverTheLimitIs413() {
        String big = "a".repeat(300_000);
        expectError(post("/v1/chat/completions", chat(big)), 413, "request_too_large");
    }

    @Test
    void unknownPathIs404WithOpenAiBody() {
        expectError(given().when().get("/v1/nope").then(), 404, "not_found");
        expectError(post("/v2/chat/completions", chat("hi")), 404, "not_found");
    }

    @Test
    void wrongMethodIs405WithOpenAiBody() {
        expectError(given().when().get("/v1/chat/completions").then(), 405, "method_not_allowed");
    }

    @Test
    void embeddingsReturnUnitVectors() {
        post("/v1/embeddings", "{\"model\":\"x\",\"input\":[\"card arrived\",\"transfer failed\"]}")
                .statusCode(200)
                .body("object", equalTo("list"))
                .body("data", hasSize(2))
                .body("data[0].object", equalTo("embedding"))
                .body("data[1].index", equalTo(1))
                .body("data[0].embedding", hasSize(384))
                .body("usage.prompt_tokens", greaterThan(0));
        java.util.List<Float> vector = post("/v1/embeddings", "{\"input\":\"card arrived\"}")
                .statusCode(200).extract().jsonPath().getList("data[0].embedding", Float.class);
        double norm = Math.sqrt(vector.stream().mapToDouble(x -> x * x).sum());
        assertEquals(1.0, norm, 1e-3, "embeddings are L2-normalised");
    }

    @Test
    void embeddingsWithoutInputIs422() {
        expectError(post("/v1/embeddings", "{\"model\":\"x\"}"), 422, "missing_required_parameter");
        expectError(post("/v1/embeddings", "{\"input\":[]}"), 422, "empty_array");
    }

    @Test
    void modelsListsIdAndVersion() {
        given().when().get("/v1/models").then().statusCode(200)
                .body("object", equalTo("list"))
                .body("data[0].id", equalTo("hybrid-light-minilm-int8"))
                .body("data[0].object", equalTo("model"))
                .body("data[0].owned_by", equalTo("hybrid-llm"))
                .body("data[0].version", startsWith("all-minilm-l6-v2-q@1.19.0-beta29+"));
    }

    @Test
    void healthIsUpWithTheModelLoaded() {
        given().when().get("/q/health").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'light-model' }.status", equalTo("UP"));
    }

    @Test
    void metricsExposeHybridCounters() {
        post("/v1/chat/completions", chat("How do I activate my card?")).statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("hybrid_light_requests_total"))
                .body(containsString("hybrid_light_classify_seconds"));
    }
}
