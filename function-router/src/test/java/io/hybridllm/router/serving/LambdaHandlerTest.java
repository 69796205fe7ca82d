package io.hybridllm.router.serving;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hybridllm.router.RouterTestSupport;
import io.hybridllm.router.doubles.TestWorld;
import io.hybridllm.router.doubles.TierDouble;
import io.hybridllm.router.doubles.TiersAndRedisResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API Gateway HTTP API (v2) handler, invoked the way Lambda would: events are posted to
 * Quarkus's mock event server (quarkus.lambda.mock-event-server.test-port), which hands them to
 * the handler through the Lambda runtime API and returns the handler's result.
 */
@QuarkusTest
@WithTestResource(TiersAndRedisResource.class)
class LambdaHandlerTest extends RouterTestSupport {

    private static final String LAMBDA = "http://127.0.0.1:18080/_lambda_";

    @BeforeEach
    void healthyTiers() {
        TestWorld.reset();
    }

    private static ObjectNode event(String method, String path, String body, boolean base64) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", "$default");
        event.put("rawPath", path);
        event.put("rawQueryString", "");
        event.putObject("headers").put("content-type", "application/json").put("x-tenant-id", tenant());
        event.putObject("requestContext").putObject("http").put("method", method).put("path", path)
                .put("protocol", "HTTP/1.1").put("sourceIp", "127.0.0.1");
        if (body != null) {
            event.put("body", base64 ? Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) : body);
        }
        event.put("isBase64Encoded", base64);
        return event;
    }

    private static JsonNode invoke(ObjectNode event) throws Exception {
        String out = given().contentType("application/json").body(event.toString())
                .when().post(LAMBDA).then().statusCode(200).extract().asString();
        return JSON.readTree(out);
    }

    @Test
    void chatEventIsAnswered() throws Exception {
        JsonNode response = invoke(event("POST", "/v1/chat/completions", request(EASY).toString(), false));
        assertEquals(200, response.path("statusCode").asInt(), response.toString());
        assertEquals("light", response.path("headers").path("x-hybrid-tier").asText());
        JsonNode body = JSON.readTree(response.path("body").asText());
        assertEquals(TierDouble.answerFor("light", EASY), body.path("choices").path(0).path("message").path("content").asText());
        assertEquals("light", body.path("hybrid").path("tier").asText());
    }

    @Test
    void base64BodyIsDecoded() throws Exception {
        JsonNode response = invoke(event("POST", "/v1/chat/completions", request(HARD).toString(), true));
        assertEquals(200, response.path("statusCode").asInt(), response.toString());
        assertEquals("heavy", response.path("headers").path("x-hybrid-tier").asText());
    }

    @Test
    void malformedBodyIs400() throws Exception {
        JsonNode response = invoke(event("POST", "/v1/chat/completions", "{not json", false));
        assertEquals(400, response.path("statusCode").asInt());
        JsonNode body = JSON.readTree(response.path("body").asText());
        assertEquals("invalid_json", body.path("error").path("code").asText());
    }

    @Test
    void invalidBase64BodyIs400() throws Exception {
        ObjectNode event = event("POST", "/v1/chat/completions", null, true);
        event.put("body", "%%% not base64 %%%");
        JsonNode response = invoke(event);
        assertEquals(400, response.path("statusCode").asInt(), response.toString());
        assertEquals("invalid_encoding", JSON.readTree(response.path("body").asText()).path("error").path("code").asText());
    }

    @Test
    void streamingIsBufferedIntoOneSseBody() throws Exception {
        JsonNode response = invoke(event("POST", "/v1/chat/completions",
                request(HARD).put("stream", true).toString(), false));
        assertEquals(200, response.path("statusCode").asInt());
        assertTrue(response.path("headers").path("content-type").asText().startsWith("text/event-stream"));
        var events = sseEvents(response.path("body").asText());
        assertEquals("[DONE]", events.get(events.size() - 1));
        assertEquals(TierDouble.answerFor("heavy", HARD), deltas(events));
    }

    @Test
    void modelsAndUnknownRoutes() throws Exception {
        JsonNode models = invoke(event("GET", "/v1/models", null, false));
        assertEquals(200, models.path("statusCode").asInt());
        assertEquals("hybrid-llm", JSON.readTree(models.path("body").asText()).path("data").path(0).path("id").asText());
        JsonNode missing = invoke(event("GET", "/v1/elsewhere", null, false));
        assertEquals(404, missing.path("statusCode").asInt());
        assertEquals("not_found", JSON.readTree(missing.path("body").asText()).path("error").path("code").asText());
    }
}
