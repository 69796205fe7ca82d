package io.hybridllm.router;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Request builders, SSE parsing and metric reading shared by the router's tests. */
public abstract class RouterTestSupport {

    protected static final ObjectMapper JSON = new ObjectMapper();
    /** Short customer-service question: the feature scorer puts it well below 0.5. */
    protected static final String EASY = "When will my new card arrive?";
    /** Arithmetic with reasoning words: the feature scorer puts it well above 0.5. */
    protected static final String HARD = "Calculate 17 * 23 + 45 / 5 - 12 and explain step by step why the result "
            + "is correct, then prove it with an equation.";

    /**
     * With quarkus-amazon-lambda, Quarkus points RestAssured at the Lambda mock event server
     * (quarkus.lambda.mock-event-server.test-port), not at the HTTP server. This runs after
     * Quarkus's own per-test set-up and aims RestAssured at the real HTTP port instead.
     */
    @org.junit.jupiter.api.BeforeEach
    void aimAtHttpServer() {
        io.restassured.RestAssured.port = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("quarkus.http.test-port", Integer.class);
    }

    protected static String tenant() {
        return "t-" + UUID.randomUUID();
    }

    protected static ObjectNode request(String question) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", "hybrid-llm");
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "user").put("content", question);
        return body;
    }

    protected static Response post(String tenant, Object body) {
        return given().header("X-Tenant-Id", tenant).contentType("application/json")
                .body(body.toString()).when().post("/v1/chat/completions");
    }

    protected static Response ask(String tenant, String question) {
        return post(tenant, request(question));
    }

    protected static JsonNode json(Response response) {
        try {
            return JSON.readTree(response.asByteArray());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + response.asString(), e);
        }
    }

    /** Splits a raw SSE body into its data payloads, asserting the exact framing on the way. */
    protected static List<String> sseEvents(String raw) {
        if (!raw.endsWith("\n\n")) {
            throw new AssertionError("SSE body must end with a blank line: " + raw);
        }
        List<String> events = new ArrayList<>();
        for (String event : raw.substring(0, raw.length() - 2).split("\n\n", -1)) {
            if (!event.startsWith("data: ") || event.indexOf('\n') >= 0) {
                throw new AssertionError("not a single 'data: ' line: [" + event + "] in " + raw);
            }
            events.add(event.substring("data: ".length()));
        }
        return events;
    }

    /** Concatenated delta contents of chunk payloads (the last [DONE] excluded). */
    protected static String deltas(List<String> events) throws Exception {
        StringBuilder text = new StringBuilder();
        for (String event : events.subList(0, events.size() - 1)) {
            text.append(JSON.readTree(event).path("choices").path(0).path("delta").path("content").asText(""));
        }
        return text.toString();
    }

    /** Sum of a Prometheus sample (all series of {@code name} whose labels include the given pairs). */
    protected static double metric(String name, String... labelPairs) {
        String text = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                continue;
            }
            boolean all = true;
            for (String pair : labelPairs) {
                all &= line.contains(pair);
            }
            if (all) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
