package io.hybridllm.router.doubles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * FAILURE-INJECTION DOUBLE of a light or heavy function, not a model: it speaks the tiers' wire
 * format (chat.completion with hybrid.abstained, chat.completion.chunk SSE, /v1/models with a
 * version) so router tests can make a tier abstain, slow down, fail with 500/503, reject with 400,
 * or go down (server stopped: connection refused). The real tiers are exercised end to end by the
 * harness e2e test.
 *
 * <p>Answers are derived from the question so tests can tell tiers apart: "light says: ..." or
 * "heavy says: ...". A light double abstains when the last user message contains "abstain".
 */
public final class TierDouble {

    public enum Mode { NORMAL, SLOW, ERROR_500, UNAVAILABLE_503, REJECT_400,
        /** 429 with Retry-After, as the heavy function answers when its batch queue is full. */
        OVERLOADED_429,
        /** Streams one word, then an OpenAI error event, and ends without [DONE]. */
        STREAM_ERROR }

    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle plus the
        // client's delayed ACK adds ~40ms per call, which would be billed to the router in benchmarks.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final String tier;
    private final int port;
    private volatile HttpServer server;
    private volatile Mode mode = Mode.NORMAL;
    private volatile String version;
    private volatile long slowMillis = 3000;
    private volatile long chunkDelayMillis = 0;
    private final AtomicInteger chatCalls = new AtomicInteger();
    private final List<JsonNode> requests = new ArrayList<>();

    public TierDouble(String tier) {
        this.tier = tier;
        this.port = freePort();
        this.version = tier + "-v1";
        start();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
            s.createContext("/v1/models", this::models);
            s.createContext("/v1/chat/completions", this::chat);
            s.setExecutor(Executors.newCachedThreadPool());
            s.start();
            server = s;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + tier + " double on " + port, e);
        }
    }

    /** Down: the port refuses connections. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /**
     * Back to a healthy, running tier with the default version.
     *
     * @return whether the version had been changed (the router may still hold the old one)
     */
    public boolean reset() {
        boolean versionChanged = !(tier + "-v1").equals(version);
        start();
        mode = Mode.NORMAL;
        chunkDelayMillis = 0;
        slowMillis = 3000;
        version = tier + "-v1";
        chatCalls.set(0);
        synchronized (requests) {
            requests.clear();
        }
        return versionChanged;
    }

    public void mode(Mode mode) {
        this.mode = mode;
    }

    public void version(String version) {
        this.version = version;
    }

    /** How long a call takes in {@link Mode#SLOW}. */
    public void slowMillis(long millis) {
        this.slowMillis = millis;
    }

    /** Pause between streamed chunks, like a decoder producing tokens. */
    public void chunkDelay(long millis) {
        this.chunkDelayMillis = millis;
    }

    public int chatCalls() {
        return chatCalls.get();
    }

    public JsonNode lastRequest() {
        synchronized (requests) {
            return requests.isEmpty() ? null : requests.get(requests.size() - 1);
        }
    }

    public static String answerFor(String tier, String question) {
        return tier + " says: the answer to '" + question + "' is in the manual";
    }

    private void models(HttpExchange exchange) throws IOException {
        String body = "{\"object\":\"list\",\"data\":[{\"id\":\"" + tier + "-model\",\"object\":\"model\","
                + "\"owned_by\":\"hybrid-llm\",\"version\":\"" + version + "\"}]}";
        send(exchange, 200, "application/json", body);
    }

    private void chat(HttpExchange exchange) throws IOException {
        chatCalls.incrementAndGet();
        JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
        synchronized (requests) {
            requests.add(request);
        }
        switch (mode) {
            case SLOW -> sleep(slowMillis);
            case ERROR_500 -> {
                send(exchange, 500, "application/json", error("boom", "server_error", "internal_error"));
                return;
            }
            case UNAVAILABLE_503 -> {
                send(exchange, 503, "application/json", error("busy", "service_unavailable", "overloaded"));
                return;
            }
            case OVERLOADED_429 -> {
                exchange.getResponseHeaders().add("Retry-After", "1");
                send(exchange, 429, "application/json", error("queue full", "server_error", "overloaded"));
                return;
            }
            case REJECT_400 -> {
                send(exchange, 400, "application/json",
                        error("context length exceeded by double", "invalid_request_error", "context_length_exceeded"));
                return;
            }
            default -> { }
        }
        JsonNode messages = request.path("messages");
        String question = "";
        for (JsonNode m : messages) {
            if ("user".equals(m.path("role").asText())) {
                question = m.path("content").asText();
            }
        }
        boolean abstain = "light".equals(tier) && question.toLowerCase().contains("abstain");
        String content = abstain ? "I am not sure." : answerFor(tier, question);
        String hybrid = "light".equals(tier)
                ? "{\"tier\":\"light\",\"abstained\":" + abstain + ",\"intent\":\"" + (abstain ? "unknown" : "card_arrival")
                + "\",\"confidence\":" + (abstain ? 0.2 : 0.93) + "}"
                : "{\"tier\":\"heavy\"}";
        String id = "chatcmpl-" + tier + "-" + chatCalls.get();
        if (request.path("stream").asBoolean(false)) {
            stream(exchange, id, content);
            return;
        }
        String body = "{\"id\":\"" + id + "\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\""
                + tier + "-model\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
                + JSON.writeValueAsString(content) + "},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":7,\"total_tokens\":12},\"hybrid\":" + hybrid + "}";
        send(exchange, 200, "application/json", body);
    }

    private void stream(HttpExchange exchange, String id, String content) throws IOException {
        exchange.getResponseHeaders().set("content-type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            String head = "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                    + "\"model\":\"" + tier + "-model\",\"choices\":[{\"index\":0,\"delta\":";
            event(out, head + "{\"role\":\"assistant\",\"content\":\"\"}}]}");
            String[] words = content.split("(?= )");
            for (String word : words) {
                sleep(chunkDelayMillis);
                event(out, head + "{\"content\":" + JSON.writeValueAsString(word) + "}}]}");
                if (mode == Mode.STREAM_ERROR) {
                    event(out, error("decoder failed", "server_error", "generation_failed"));
                    return;
                }
            }
            event(out, head + "{},\"finish_reason\":\"stop\"}]}");
            event(out, "[DONE]");
        }
    }

    private static void event(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String error(String message, String type, String code) {
        return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"param\":null,\"code\":\""
                + code + "\"}}";
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("content-type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
