package io.hybridllm.router.tiers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.hybridllm.core.api.ChatCompletionRequest;
import io.hybridllm.core.api.ChatMessage;
import io.hybridllm.core.api.SharedEmbedding;
import io.hybridllm.router.config.LimitsConfig;
import io.hybridllm.router.config.RouterConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** LambdaInvoker against a stand-in for the Lambda Invoke API on loopback. */
class LambdaInvokerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALIAS = "arn:aws:lambda:eu-west-1:123456789012:function:hybrid-light:live";
    private static final Map<String, String> ENVIRONMENT = Map.of("AWS_REGION", "eu-west-1",
            "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret", "AWS_SESSION_TOKEN", "token");

    private HttpServer server;
    private final AtomicReference<String> seenPath = new AtomicReference<>();
    private final AtomicReference<Map<String, String>> seenHeaders = new AtomicReference<>();
    private final AtomicReference<byte[]> seenEvent = new AtomicReference<>();
    private volatile int replyStatus;
    private volatile String replyBody;
    private volatile String functionError;

    @BeforeEach
    void startLambda() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            seenPath.set(exchange.getRequestURI().getRawPath());
            seenHeaders.set(Map.of(
                    "authorization", String.valueOf(exchange.getRequestHeaders().getFirst("authorization")),
                    "x-amz-security-token", String.valueOf(exchange.getRequestHeaders().getFirst("x-amz-security-token")),
                    "x-amz-date", String.valueOf(exchange.getRequestHeaders().getFirst("x-amz-date"))));
            seenEvent.set(exchange.getRequestBody().readAllBytes());
            if (functionError != null) {
                exchange.getResponseHeaders().add("X-Amz-Function-Error", functionError);
            }
            byte[] body = replyBody.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(replyStatus, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopLambda() {
        server.stop(0);
    }

    private LambdaInvoker invoker(Map<String, String> environment) {
        URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return new LambdaInvoker(new TierHttp(Duration.ofSeconds(1), JSON), JSON, () -> Optional.of(endpoint),
                () -> environment, Clock.fixed(Instant.parse("2026-12-04T08:30:00Z"), ZoneOffset.UTC));
    }

    private void reply(int status, String body) {
        replyStatus = status;
        replyBody = body;
    }

    private static String envelope(int status, String body) throws IOException {
        return JSON.writeValueAsString(Map.of("statusCode", status, "headers", Map.of("content-type", "application/json"),
                "body", body, "isBase64Encoded", false));
    }

    @Test
    void sendsTheRequestAsASignedFunctionUrlEventAndReturnsTheBody() throws IOException {
        reply(200, envelope(200, "{\"object\":\"chat.completion\"}"));
        byte[] request = "{\"messages\":[]}".getBytes(StandardCharsets.UTF_8);

        byte[] body = invoker(ENVIRONMENT).exchange("light", ALIAS, "POST", "/v1/chat/completions", request,
                Duration.ofSeconds(2));

        assertEquals("{\"object\":\"chat.completion\"}", new String(body, StandardCharsets.UTF_8));
        assertEquals("/2015-03-31/functions/arn%3Aaws%3Alambda%3Aeu-west-1%3A123456789012%3Afunction%3Ahybrid-light%3Alive"
                + "/invocations", seenPath.get());
        assertTrue(seenHeaders.get().get("authorization").startsWith(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261204/eu-west-1/lambda/aws4_request, "
                        + "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature="),
                seenHeaders.get().get("authorization"));
        assertEquals("token", seenHeaders.get().get("x-amz-security-token"));
        assertEquals("20261204T083000Z", seenHeaders.get().get("x-amz-date"));
        JsonNode event = JSON.readTree(seenEvent.get());
        assertEquals("/v1/chat/completions", event.path("rawPath").asText());
        assertEquals("POST", event.path("requestContext").path("http").path("method").asText());
        assertEquals("{\"messages\":[]}", new String(Base64.getDecoder().decode(event.path("body").asText()),
                StandardCharsets.UTF_8));
    }

    @Test
    void aRejectionKeepsTheFunctionsStatusAndBody() throws IOException {
        reply(200, envelope(422, "{\"error\":{\"code\":\"empty_array\"}}"));
        TierRejectedException rejected = assertThrows(TierRejectedException.class, () -> invoker(ENVIRONMENT)
                .exchange("light", ALIAS, "POST", "/v1/chat/completions", new byte[0], Duration.ofSeconds(2)));
        assertEquals(422, rejected.status());
        assertEquals("{\"error\":{\"code\":\"empty_array\"}}", new String(rejected.body(), StandardCharsets.UTF_8));
    }

    @Test
    void aFunctionErrorIsAnOutage() {
        reply(200, "{\"errorMessage\":\"boom\",\"errorType\":\"java.lang.IllegalStateException\"}");
        functionError = "Unhandled";
        TierUnavailableException failure = assertThrows(TierUnavailableException.class, () -> invoker(ENVIRONMENT)
                .exchange("light", ALIAS, "GET", "/v1/models", new byte[0], Duration.ofSeconds(2)));
        assertEquals("function_error", failure.kind());
    }

    @Test
    void throttlingIsRetryable() {
        reply(429, "{\"message\":\"Rate Exceeded.\"}");
        RetryableTierException failure = assertThrows(RetryableTierException.class, () -> invoker(ENVIRONMENT)
                .exchange("light", ALIAS, "GET", "/v1/models", new byte[0], Duration.ofSeconds(2)));
        assertEquals("invoke_429", failure.kind());
    }

    @Test
    void withoutCredentialsNothingIsSent() {
        reply(200, "{}");
        TierUnavailableException failure = assertThrows(TierUnavailableException.class, () ->
                invoker(Map.of("AWS_REGION", "eu-west-1"))
                        .exchange("light", ALIAS, "GET", "/v1/models", new byte[0], Duration.ofSeconds(2)));
        assertEquals("no_credentials", failure.kind());
        assertEquals(null, seenPath.get());
    }

    /** Config interfaces answering only what a test names; anything else is a test bug. */
    @SuppressWarnings("unchecked")
    private static <T> T config(Class<T> type, Map<String, Object> answers) {
        return (T) java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    if (!answers.containsKey(method.getName())) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    return answers.get(method.getName());
                });
    }

    private LightTierClient lightByLambda(int maxBodyBytes) {
        RouterConfig.Light light = config(RouterConfig.Light.class, Map.of("timeoutMs", 2000L));
        RouterConfig router = config(RouterConfig.class, Map.of("lightFunction", Optional.of(ALIAS), "light", light));
        LimitsConfig limits = config(LimitsConfig.class, Map.of("maxBodyBytes", maxBodyBytes));
        return new LightTierClient(new TierHttp(Duration.ofSeconds(1), JSON), invoker(ENVIRONMENT), router, limits);
    }

    private static ChatCompletionRequest withEmbedding(String question) {
        float[] vector = new float[384];
        vector[7] = 1f;
        return ChatCompletionRequest.of(java.util.List.of(ChatMessage.user(question)))
                .withSharedEmbedding(new SharedEmbedding("all-minilm-l6-v2-q@1.19.0-beta29", 9, vector));
    }

    private JsonNode invokedBody() throws IOException {
        return JSON.readTree(Base64.getDecoder().decode(JSON.readTree(seenEvent.get()).path("body").asText()));
    }

    @Test
    void theSharedEmbeddingTravelsInTheInvokedEvent() throws IOException {
        reply(200, envelope(200, "{\"object\":\"chat.completion\",\"choices\":[]}"));
        lightByLambda(262144).complete(withEmbedding("where is my card?"));
        JsonNode shared = invokedBody().path(SharedEmbedding.FIELD);
        assertEquals("all-minilm-l6-v2-q@1.19.0-beta29", shared.path("encoder").asText());
        assertEquals(9, shared.path("tokens").asInt());
        assertEquals(384, shared.path("vector").size());
        assertEquals(1.0, shared.path("vector").get(7).asDouble());
    }

    /** The router accepted the client's body; its ~5 KB vector must not make light answer 413. */
    @Test
    void theEmbeddingIsLeftOutWhereItWouldBreakTheBodyLimit() throws IOException {
        reply(200, envelope(200, "{\"object\":\"chat.completion\",\"choices\":[]}"));
        lightByLambda(1000).complete(withEmbedding("where is my card?"));
        JsonNode body = invokedBody();
        assertTrue(body.path(SharedEmbedding.FIELD).isMissingNode(), body.toString());
        assertEquals("where is my card?", body.path("messages").path(0).path("content").asText());
    }
}
