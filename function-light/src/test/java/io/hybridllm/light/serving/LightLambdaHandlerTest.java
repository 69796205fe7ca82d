package io.hybridllm.light.serving;

import static io.restassured.RestAssured.given;
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
}
