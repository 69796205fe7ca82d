package io.hybridllm.heavy.serving;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridllm.core.api.ApiException;
import io.hybridllm.core.api.ChatCompletionRequest;
import io.hybridllm.core.api.ChatMessage;
import io.hybridllm.core.model.Generation;
import io.hybridllm.core.model.GenerationParams;
import io.hybridllm.core.model.TokenSink;
import io.hybridllm.heavy.upstream.OpenAiUpstreamGenerator;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ChatResourceTest {

    private static final String CARD = "{\"messages\":[{\"role\":\"user\",\"content\":\"where is my card?\"}],"
            + "\"temperature\":0,\"max_tokens\":20%s}";

    @TestHTTPResource("/v1")
    URL v1;

    @Inject
    ObjectMapper mapper;

    @Inject
    HeavyService service;

    /**
     * quarkus-amazon-lambda points RestAssured's default port at the mock event server (every POST
     * there is a Lambda invocation), so HTTP tests address the real server port explicitly.
     */
    private static io.restassured.specification.RequestSpecification http() {
        return given().port(httpPort);
    }

    private static int httpPort;

    @org.junit.jupiter.api.BeforeEach
    void port() {
        httpPort = v1.getPort();
    }

    private static Response post(String body) {
        return http().contentType("application/json").body(body).post("/v1/chat/completions");
    }

    private static String greedyText() {
        return post(String.format(CARD, "")).then().statusCode(200).extract().path("choices[0].message.content");
    }

    @Test
    void nonStreamingCompletion() {
        post(String.format(CARD, "")).then().statusCode(200)
                .body("object", equalTo("chat.completion"))
                .body("model", equalTo("hybrid-heavy-demo-decoder"))
                .body("id", startsWith("chatcmpl-"))
                .body("choices[0].message.role", equalTo("assistant"))
                .body("choices[0].finish_reason", notNullValue())
                .body("usage.prompt_tokens", greaterThan(3))
                .body("usage.total_tokens", greaterThan(3))
                .body("hybrid.tier", equalTo("heavy"));
        post(String.format(CARD, "").replace("\"max_tokens\":20", "\"max_tokens\":2")).then().statusCode(200)
                .body("choices[0].finish_reason", equalTo("length"))
                .body("usage.completion_tokens", equalTo(2));
    }

    @Test
    void streamingSendsOpenAiChunksThatAddUpToTheGreedyAnswer() throws Exception {
        String expected = greedyText();
        byte[] raw = post(String.format(CARD, ",\"stream\":true")).then().statusCode(200)
                .header("Content-Type", startsWith("text/event-stream"))
                .extract().asByteArray();
        String wire = new String(raw, StandardCharsets.UTF_8);
        assertTrue(wire.startsWith("data: {"), wire);
        assertTrue(wire.endsWith("data: [DONE]\n\n"), wire);
        String[] events = wire.substring(0, wire.length() - 2).split("\n\n", -1);
        StringBuilder text = new StringBuilder();
        String finish = null;
        for (int i = 0; i < events.length; i++) {
            assertTrue(events[i].startsWith("data: "), events[i]);
            assertFalse(events[i].substring(6).contains("\n"), "one line per event: " + events[i]);
            if (i == events.length - 1) {
                assertEquals("data: [DONE]", events[i]);
                continue;
            }
            JsonNode chunk = mapper.readTree(events[i].substring(6));
            assertEquals("chat.completion.chunk", chunk.get("object").asText());
            JsonNode choice = chunk.get("choices").get(0);
            if (i == 0) {
                assertEquals("assistant", choice.get("delta").get("role").asText());
                assertEquals("heavy", chunk.get("hybrid").get("tier").asText());
            }
            text.append(choice.path("delta").path("content").asText(""));
            if (choice.hasNonNull("finish_reason")) {
                finish = choice.get("finish_reason").asText();
            }
        }
        assertTrue(events.length > 4, "expected several content events, got " + events.length);
        assertEquals(expected, text.toString());
        assertTrue(finish != null && !finish.isEmpty());
    }

    @Test
    void streamOptionsIncludeUsageAddsAUsageChunkBeforeDone() throws Exception {
        int completionTokens = post(String.format(CARD, "")).then().statusCode(200)
                .extract().path("usage.completion_tokens");
        String wire = post(String.format(CARD, ",\"stream\":true,\"stream_options\":{\"include_usage\":true}"))
                .then().statusCode(200).extract().asString();
        String[] events = wire.split("\n\n");
        assertEquals("data: [DONE]", events[events.length - 1]);
        JsonNode usage = mapper.readTree(events[events.length - 2].substring(6));
        assertEquals(0, usage.get("choices").size());
        assertEquals(completionTokens, usage.at("/usage/completion_tokens").asInt());
        assertTrue(usage.at("/usage/prompt_tokens").asInt() > 3);
        String plain = post(String.format(CARD, ",\"stream\":true")).then().statusCode(200).extract().asString();
        assertFalse(plain.contains("\"usage\""), "usage only when asked for");
    }

    @Test
    void concurrentRequestsAreDecodedInOneBatchWithTheSameAnswers() throws Exception {
        String expected = greedyText();
        double batchedSteps = batchStepsAbove1();
        int n = 8;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                // max_tokens 20, greedy: each needs ~20 decoding steps, so they overlap.
                answers.add(pool.submit(() -> greedyText()));
            }
            for (Future<String> answer : answers) {
                assertEquals(expected, answer.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(batchStepsAbove1() > batchedSteps, "no decoding step ran more than one sequence");
    }

    /** Decoding steps that ran more than one sequence, from the batch-size histogram. */
    private double batchStepsAbove1() {
        String metrics = http().get("/q/metrics").then().statusCode(200).extract().asString();
        double count = 0;
        double single = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("hybrid_heavy_batch_size_count")) {
                count = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            } else if (line.startsWith("hybrid_heavy_batch_size_bucket{le=\"1.0\"}")) {
                single = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return count - single;
    }

    @Test
    void streamStopsWhenTheClientGoesAway() throws Exception {
        double before = cancelledStreams();
        var output = service.stream(new ChatCompletionRequest(null, List.of(ChatMessage.user("hello")), 0.0, null,
                64, null, true, null, null, null), false, () -> false);
        output.write(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("connection reset");
            }
        });
        assertEquals(before + 1, cancelledStreams());
    }

    @Test
    void realDisconnectCancelsTheGeneration() throws Exception {
        double before = cancelledStreams();
        byte[] body = ("{\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}],\"stream\":true,"
                + "\"temperature\":1.0,\"seed\":5,\"max_tokens\":200}").getBytes(StandardCharsets.UTF_8);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", httpPort)) {
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().write(body);
            byte[] buffer = new byte[512];
            int n = socket.getInputStream().read(buffer);
            assertTrue(new String(buffer, 0, n, StandardCharsets.UTF_8).startsWith("HTTP/1.1 200"));
        }
        long deadline = System.currentTimeMillis() + 10_000;
        while (cancelledStreams() == before && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(before + 1, cancelledStreams());
    }

    private double cancelledStreams() {
        String metrics = http().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("hybrid_heavy_requests_total{") && line.contains("mode=\"stream\"")
                    && line.contains("outcome=\"cancelled\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    @Test
    void badInputsGetOpenAiErrors() {
        post("{\"messages\":[").then().statusCode(400)
                .body("error.type", equalTo("invalid_request_error")).body("error.code", equalTo("invalid_json"));
        post("{}").then().statusCode(422).body("error.param", equalTo("messages"))
                .body("error.code", equalTo("missing_required_parameter"));
        post("{\"messages\":[{\"role\":\"user\",\"content\":42}]}").then().statusCode(422)
                .body("error.param", equalTo("messages[0].content"));
        post("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":0}").then().statusCode(422)
                .body("error.param", equalTo("max_tokens"));
        post("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":100000}").then().statusCode(422)
                .body("error.param", equalTo("max_tokens"));
        String big = "x".repeat(300_000);
        post("{\"messages\":[{\"role\":\"user\",\"content\":\"" + big + "\"}]}").then().statusCode(413)
                .body("error.code", equalTo("request_too_large"));
        String longPrompt = "card ".repeat(600);
        post("{\"messages\":[{\"role\":\"user\",\"content\":\"" + longPrompt + "\"}]}").then().statusCode(400)
                .body("error.code", equalTo("context_length_exceeded"));
        http().get("/v1/nothing-here").then().statusCode(404)
                .body("error.message", notNullValue()).body("error.code", equalTo("not_found"));
        http().get("/v1/chat/completions").then().statusCode(405)
                .body("error.code", equalTo("method_not_allowed"));
    }

    @Test
    void modelsListsTheDecoderWithItsVersion() {
        http().get("/v1/models").then().statusCode(200)
                .body("object", equalTo("list"))
                .body("data[0].id", equalTo("hybrid-heavy-demo-decoder"))
                .body("data[0].owned_by", equalTo("hybrid-llm"))
                .body("data[0].version", startsWith("sha256:"));
    }

    @Test
    void healthAndMetrics() {
        http().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks[0].name", equalTo("heavy-model"));
        greedyText();
        http().get("/q/metrics").then().statusCode(200)
                .body(containsString("hybrid_heavy_in_flight 0.0"))
                .body(containsString("hybrid_heavy_queue_depth 0.0"))
                .body(containsString("hybrid_heavy_batch_size_bucket{le=\"16.0\"}"))
                .body(containsString("hybrid_heavy_generation_seconds_count"))
                .body(containsString("hybrid_heavy_requests_total{mode=\"complete\",outcome=\"ok\"}"));
    }

    @Test
    void lambdaHandlerAnswersThroughTheMockEventServer() {
        String expected = greedyText();
        given().port(18282).contentType("application/json").body(String.format(CARD, ""))
                .post("/_lambda_").then().statusCode(200)
                .body("object", equalTo("chat.completion"))
                .body("choices[0].message.content", equalTo(expected));
        given().port(18282).contentType("application/json").body("{\"messages\":[]}")
                .post("/_lambda_").then().statusCode(200)
                .body("status", is(422)).body("error.param", equalTo("messages"));
    }

    @Test
    void lambdaHandlerAnswersFunctionUrlEventsWithAnHttpResponse() throws Exception {
        String event = mapper.writeValueAsString(Map.of("version", "2.0", "rawPath", "/v1/chat/completions",
                "requestContext", Map.of("http", Map.of("method", "POST")), "isBase64Encoded", false,
                "body", String.format(CARD, "")));
        String body = given().port(18282).contentType("application/json").body(event)
                .post("/_lambda_").then().statusCode(200)
                .body("statusCode", is(200))
                .extract().path("body");
        assertEquals(greedyText(), mapper.readTree(body).at("/choices/0/message/content").asText());
        String bad = mapper.writeValueAsString(Map.of("version", "2.0", "rawPath", "/v1/chat/completions",
                "requestContext", Map.of(), "isBase64Encoded", true, "body", "%%%"));
        given().port(18282).contentType("application/json").body(bad)
                .post("/_lambda_").then().statusCode(200)
                .body("statusCode", is(400))
                .body("body", containsString("invalid_encoding"));
    }

    // --- the upstream forwarder against a real OpenAI-compatible server: this app -------------

    private OpenAiUpstreamGenerator upstream(String baseUrl, int retries) {
        return new OpenAiUpstreamGenerator(baseUrl, Optional.of("unused-key"), Optional.empty(),
                Duration.ofSeconds(2), Duration.ofSeconds(30), retries, Duration.ofMillis(20), mapper);
    }

    @Test
    void upstreamPassThroughMatchesTheLocalDecoder() {
        String expected = greedyText();
        OpenAiUpstreamGenerator forwarder = upstream(v1.toString(), 2);
        List<String> deltas = new ArrayList<>();
        Generation streamed = forwarder.generate(List.of(ChatMessage.user("where is my card?")),
                GenerationParams.greedy(20), d -> {
                    deltas.add(d);
                    return true;
                });
        assertEquals(expected, streamed.text());
        assertEquals(expected, String.join("", deltas));
        assertTrue(deltas.size() > 1, "deltas should arrive piecewise");
        Generation whole = forwarder.generate(List.of(ChatMessage.user("where is my card?")),
                GenerationParams.greedy(20), TokenSink.IGNORE);
        assertEquals(expected, whole.text());
        assertEquals(streamed.finishReason(), whole.finishReason());
        // This server honours stream_options.include_usage, so the counts are the upstream's own.
        int prompt = post(String.format(CARD, "")).then().extract().path("usage.prompt_tokens");
        int completion = post(String.format(CARD, "")).then().extract().path("usage.completion_tokens");
        assertEquals(prompt, whole.promptTokens());
        assertEquals(completion, whole.completionTokens());
    }

    @Test
    void upstreamClientErrorsPassThrough() {
        OpenAiUpstreamGenerator forwarder = upstream(v1.toString(), 2);
        ApiException e = assertThrows(ApiException.class, () -> forwarder.generate(
                List.of(ChatMessage.user("card ".repeat(600))), GenerationParams.greedy(5), TokenSink.IGNORE));
        assertEquals(400, e.error().status());
        assertTrue(e.getMessage().contains("context"), e.getMessage());
        ApiException tooMany = assertThrows(ApiException.class, () -> forwarder.generate(
                List.of(ChatMessage.user("hi")), GenerationParams.greedy(100_000), TokenSink.IGNORE));
        assertEquals(422, tooMany.error().status());
        assertTrue(tooMany.getMessage().contains("max_tokens"), tooMany.getMessage());
    }

    @Test
    void upstreamThatIsDownFailsCleanlyAfterRetries() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        OpenAiUpstreamGenerator forwarder = upstream("http://127.0.0.1:" + port + "/v1", 2);
        long start = System.nanoTime();
        ApiException e = assertThrows(ApiException.class, () -> forwarder.generate(
                List.of(ChatMessage.user("hi")), GenerationParams.greedy(5), TokenSink.IGNORE));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(502, e.error().status());
        assertEquals("upstream_unavailable", e.error().code());
        assertTrue(e.getMessage().contains("3 attempts"), e.getMessage());
        assertTrue(ms >= 60, "two backoffs of 20 and 40 ms expected, took " + ms);
    }
}
