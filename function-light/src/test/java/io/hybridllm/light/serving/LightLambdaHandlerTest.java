package io.hybridllm.light.serving;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Invokes the Lambda handler the way Lambda does in tests: an event POSTed to Quarkus' mock event
 * server is handed to the runtime poll loop, and the handler's result comes back as the response.
 */
@QuarkusTest
class LightLambdaHandlerTest {

    @ConfigProperty(name = "quarkus.lambda.mock-event-server.test-port")
    int eventServerPort;

    String invoke() {
        return "http://localhost:" + eventServerPort + "/_lambda_";
    }

    @Test
    void chatEventGetsAChatCompletion() {
        given().contentType("application/json")
                .body("{\"messages\":[{\"role\":\"user\",\"content\":\"Where is my new card? It still hasn't arrived\"}]}")
                .when().post(invoke())
                .then().statusCode(200)
                .body("object", equalTo("chat.completion"))
                .body("hybrid.tier", equalTo("light"))
                .body("hybrid.abstained", equalTo(false))
                .body("hybrid.intent", equalTo("card_arrival"));
    }

    @Test
    void invalidEventGetsAnOpenAiErrorBody() {
        given().contentType("application/json")
                .body("{\"messages\":[{\"role\":\"wizard\",\"content\":\"hi\"}]}")
                .when().post(invoke())
                .then().statusCode(200)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.code", equalTo("invalid_value"));
    }

    /** A Lambda function URL event (payload 2.0) wrapping an HTTP request with this body. */
    static String functionUrlEvent(String body, boolean base64) {
        String encoded = base64
                ? java.util.Base64.getEncoder().encodeToString(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                : body;
        return "{\"version\":\"2.0\",\"rawPath\":\"/v1/chat/completions\",\"headers\":{\"content-type\":\"application/json\"},"
                + "\"requestContext\":{\"http\":{\"method\":\"POST\",\"path\":\"/v1/chat/completions\"}},"
                + "\"isBase64Encoded\":" + base64 + ",\"body\":" + quote(encoded) + "}";
    }

    private static String quote(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void functionUrlEventGetsAnHttpResponse() {
        given().contentType("application/json")
                .body(functionUrlEvent("{\"messages\":[{\"role\":\"user\",\"content\":\"Where is my new card? It still hasn't arrived\"}]}", true))
                .when().post(invoke())
                .then().statusCode(200)
                .body("statusCode", equalTo(200))
                .body("headers.content-type", equalTo("application/json"))
                .body("body", containsString("\"intent\":\"card_arrival\""));
    }

    @Test
    void functionUrlModelListEventGetsTheModelList() {
        given().contentType("application/json")
                .body("{\"version\":\"2.0\",\"rawPath\":\"/v1/models\",\"requestContext\":{\"http\":{\"method\":\"GET\",\"path\":\"/v1/models\"}},"
                        + "\"isBase64Encoded\":true,\"body\":\"\"}")
                .when().post(invoke())
                .then().statusCode(200)
                .body("statusCode", equalTo(200))
                .body("body", containsString("\"object\":\"list\""))
                .body("body", containsString("\"version\":\"all-minilm-l6-v2-q@"));
    }

    @Test
    void functionUrlEventWithABadRequestCarriesItsStatus() {
        given().contentType("application/json")
                .body(functionUrlEvent("{\"messages\":[]}", false))
                .when().post(invoke())
                .then().statusCode(200)
                .body("statusCode", equalTo(422))
                .body("body", containsString("\"code\":\"empty_array\""));
    }
}
