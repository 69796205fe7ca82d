package io.hybridllm.heavy.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hybridllm.core.api.ApiException;
import io.hybridllm.core.api.ChatMessage;
import io.hybridllm.core.model.Generation;
import io.hybridllm.core.model.GenerationParams;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Failure modes that a healthy server cannot produce, played by a scripted JDK HTTP server. */
class OpenAiUpstreamGeneratorTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private HttpServer server;
    private final AtomicInteger calls = new AtomicInteger();
    private final List<JsonNode> bodies = new CopyOnWriteArrayList<>();

    private String serve(Consumer<HttpExchange> script) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            calls.incrementAndGet();
            bodies.add(MAPPER.readTree(exchange.getRequestBody()));
            script.accept(exchange);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static OpenAiUpstreamGenerator client(String base) {
        return new OpenAiUpstreamGenerator(base, Optional.of("sk-test"), Optional.of("served-model"),
                Duration.ofSeconds(1), Duration.ofSeconds(5), 2, Duration.ofMillis(5), MAPPER);
    }

    private static void respond(HttpExchange ex, int status, String body) {
        try {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, bytes.length);
            ex.getResponseBody().write(bytes);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    private static String chunk(String content) {
        return "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + content + "\"}}]}\n\n";
    }

    @Test
    void retriesOn503ThenStreams() throws Exception {
        String base = serve(ex -> {
            if (calls.get() <= 2) {
                respond(ex, 503, "{\"error\":{\"message\":\"warming up\"}}");
            } else {
                respond(ex, 200, ": keep-alive\n\n" + chunk("Hel") + chunk("lo")
                        + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}],"
                        + "\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":2}}\n\ndata: [DONE]\n\n");
            }
        });
        List<String> deltas = new ArrayList<>();
        Generation g = client(base).generate("ignored", List.of(ChatMessage.user("hi")),
                new GenerationParams(0.2, 0.9, 2, List.of("END"), 7L), d -> deltas.add(d));
        assertEquals(3, calls.get());
        assertEquals(List.of("Hel", "lo"), deltas);
        assertEquals("Hello", g.text());
        assertEquals("length", g.finishReason());
        assertEquals(7, g.promptTokens());
        assertEquals(2, g.completionTokens());
        JsonNode sent = bodies.get(0);
        assertEquals("served-model", sent.get("model").asText());
        assertTrue(sent.get("stream").asBoolean());
        assertEquals("END", sent.get("stop").get(0).asText());
        assertEquals(7, sent.get("seed").asLong());
    }

    @Test
    void withoutUsageInTheStreamTheCountsAreUnknownNotGuessed() throws Exception {
        String base = serve(ex -> respond(ex, 200, chunk("a") + chunk("b")
                + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n"));
        Generation g = client(base).generate(null, List.of(ChatMessage.user("hi")), GenerationParams.greedy(5),
                d -> true);
        assertEquals("ab", g.text());
        assertEquals(-1, g.promptTokens());
        assertEquals(-1, g.completionTokens());
        assertTrue(bodies.get(0).at("/stream_options/include_usage").asBoolean(), "usage was not asked for");
    }

    @Test
    void retryPausesDoubleUpToTheCap() throws Exception {
        String base = serve(ex -> respond(ex, 503, "busy"));
        List<Long> pauses = new CopyOnWriteArrayList<>();
        long[] last = {System.nanoTime()};
        OpenAiUpstreamGenerator capped = new OpenAiUpstreamGenerator(base, Optional.empty(), Optional.empty(),
                Duration.ofSeconds(1), Duration.ofSeconds(5), 4, Duration.ofMillis(1), Duration.ofMillis(2),
                () -> pauses.add(System.nanoTime()), MAPPER);
        UpstreamException e = assertThrows(UpstreamException.class, () -> capped.generate(null,
                List.of(ChatMessage.user("hi")), GenerationParams.greedy(5), d -> true));
        assertEquals("upstream_unavailable", e.error().code());
        assertEquals(5, calls.get());
        assertEquals(4, pauses.size(), "one retry notice per repeated attempt");
        assertTrue(last[0] > 0);
    }

    @Test
    void failureAfterTheFirstTokenIsNotRetried() throws Exception {
        String base = serve(ex -> {
            try {
                ex.sendResponseHeaders(200, 0);
                OutputStream out = ex.getResponseBody();
                out.write(chunk("partial").getBytes(StandardCharsets.UTF_8));
                out.flush();
                // the stream just ends: no finish_reason, no [DONE]
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        List<String> deltas = new ArrayList<>();
        UpstreamException e = assertThrows(UpstreamException.class, () -> client(base).generate(
                null, List.of(ChatMessage.user("hi")), GenerationParams.greedy(5), d -> deltas.add(d)));
        assertEquals(1, calls.get());
        assertEquals(List.of("partial"), deltas);
        assertEquals(502, e.error().status());
        assertEquals("upstream_error", e.error().code());
    }

    @Test
    void upstream4xxKeepsStatusAndMessageWithoutRetry() throws Exception {
        String base = serve(ex -> respond(ex, 401, "{\"error\":{\"message\":\"bad api key\",\"type\":\"auth\"}}"));
        ApiException e = assertThrows(ApiException.class, () -> client(base).generate(
                null, List.of(ChatMessage.user("hi")), GenerationParams.greedy(5), d -> true));
        assertEquals(1, calls.get());
        assertEquals(401, e.error().status());
        assertTrue(e.getMessage().contains("bad api key"), e.getMessage());
    }

    @Test
    void persistent500IsA502() throws Exception {
        String base = serve(ex -> respond(ex, 500, "boom"));
        UpstreamException e = assertThrows(UpstreamException.class, () -> client(base).generate(
                null, List.of(ChatMessage.user("hi")), GenerationParams.greedy(5), d -> true));
        assertEquals(1, calls.get());
        assertEquals(502, e.error().status());
        assertTrue(e.getMessage().contains("boom"));
    }

    @Test
    void cancellingStopsReading() throws Exception {
        String base = serve(ex -> respond(ex, 200, chunk("a") + chunk("b") + chunk("c") + "data: [DONE]\n\n"));
        List<String> deltas = new ArrayList<>();
        Generation g = client(base).generate(null, List.of(ChatMessage.user("hi")), GenerationParams.greedy(5),
                d -> deltas.add(d) && deltas.size() < 2);
        assertEquals(List.of("a", "b"), deltas);
        assertEquals("ab", g.text());
    }
}
