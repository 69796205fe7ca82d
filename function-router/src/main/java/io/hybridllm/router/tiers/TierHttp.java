package io.hybridllm.router.tiers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridllm.core.api.ChatCompletionRequest;
import io.hybridllm.core.api.ChatCompletionResponse;
import io.hybridllm.router.config.RouterConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * The wire side of talking to a tier over {@code java.net.http}: builds requests, and sorts every
 * outcome into an answer, a pass-through 4xx, a retryable failure or a plain failure. Fault
 * tolerance (timeouts, retries, circuit breakers) sits on the tier clients that call this.
 */
@ApplicationScoped
public class TierHttp {

    private final HttpClient client;
    private final ObjectMapper mapper;

    @Inject
    public TierHttp(RouterConfig config, ObjectMapper mapper) {
        this(config.connectTimeout(), mapper);
    }

    TierHttp(Duration connectTimeout, ObjectMapper mapper) {
        this.mapper = mapper;
        // HTTP/1.1: the tiers are plain Quarkus/Lambda HTTP servers; an h2c upgrade attempt only adds bytes.
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .build();
    }

    public ChatCompletionResponse postChat(String tier, URI base, ChatCompletionRequest request, Duration timeout) {
        return postChat(tier, base, json(request), timeout);
    }

    /** As {@link #postChat(String, URI, ChatCompletionRequest, Duration)}, for a request already serialised. */
    public ChatCompletionResponse postChat(String tier, URI base, byte[] json, Duration timeout) {
        HttpResponse<byte[]> response = send(tier, chatRequest(base, json, timeout, "application/json"),
                HttpResponse.BodyHandlers.ofByteArray());
        checkStatus(tier, response.statusCode(), response.body(), response.headers().firstValue("content-type"));
        return chatCompletionOf(tier, response.body());
    }

    /** A tier's 2xx chat reply, however it arrived. */
    ChatCompletionResponse chatCompletionOf(String tier, byte[] body) {
        try {
            return mapper.readValue(body, ChatCompletionResponse.class);
        } catch (IOException e) {
            throw new TierUnavailableException(tier, "bad_response", "reply is not a chat.completion", e);
        }
    }

    /** Opens a streamed answer; returns once the tier has sent a 2xx status and headers. */
    public HttpResponse<Stream<String>> postChatStream(String tier, URI base, ChatCompletionRequest request,
                                                       Duration timeout) {
        HttpResponse<Stream<String>> response = send(tier, chatRequest(base, json(request), timeout, "text/event-stream"),
                HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() / 100 != 2) {
            byte[] body;
            try (Stream<String> lines = response.body()) {
                body = String.join("\n", (Iterable<String>) lines::iterator).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
            checkStatus(tier, response.statusCode(), body, response.headers().firstValue("content-type"));
        }
        return response;
    }

    /** {@code data[0].version} of the tier's {@code GET /v1/models}. */
    public String modelVersion(String tier, URI base, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/models")).timeout(timeout).GET().build();
        HttpResponse<byte[]> response = send(tier, request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new TierUnavailableException(tier, "http_" + response.statusCode(), "GET /v1/models failed", null);
        }
        return modelVersionOf(tier, response.body());
    }

    /** {@code data[0].version} of a tier's {@code /v1/models} body. */
    String modelVersionOf(String tier, byte[] models) {
        try {
            JsonNode version = mapper.readTree(models).path("data").path(0).path("version");
            if (!version.isTextual() || version.asText().isBlank()) {
                throw new TierUnavailableException(tier, "bad_response", "/v1/models has no data[0].version", null);
            }
            return version.asText();
        } catch (IOException e) {
            throw new TierUnavailableException(tier, "bad_response", "unreadable /v1/models", e);
        }
    }

    private HttpRequest chatRequest(URI base, byte[] json, Duration timeout, String accept) {
        return HttpRequest.newBuilder(base.resolve("/v1/chat/completions"))
                .timeout(timeout)
                .header("content-type", "application/json")
                .header("accept", accept)
                .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                .build();
    }

    /** A chat request as the tiers read it. */
    byte[] json(ChatCompletionRequest request) {
        try {
            return mapper.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("validated requests always serialise", e);
        }
    }

    /** Sends and sorts transport failures into retryable / unavailable; package-wide so that Lambda invocations share it. */
    <T> HttpResponse<T> send(String tier, HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return client.send(request, handler);
        } catch (HttpConnectTimeoutException e) {
            throw new RetryableTierException(tier, "connect", "connect timed out to " + request.uri(), e);
        } catch (ConnectException e) {
            throw new RetryableTierException(tier, "connect", "connection refused by " + request.uri(), e);
        } catch (HttpTimeoutException e) {
            throw new TierUnavailableException(tier, "timeout", "no reply from " + request.uri() + " within "
                    + request.timeout().orElse(null), e);
        } catch (IOException e) {
            if (e.getCause() instanceof ConnectException) {
                throw new RetryableTierException(tier, "connect", "connection refused by " + request.uri(), e);
            }
            throw new TierUnavailableException(tier, "io", e.toString(), e);
        } catch (InterruptedException e) {
            // Fault tolerance interrupts us when its @Timeout fires.
            Thread.currentThread().interrupt();
            throw new TierUnavailableException(tier, "interrupted", "call to " + request.uri() + " interrupted", e);
        }
    }

    /**
     * 2xx passes; 429 is the tier shedding load (the heavy function's full batch queue), an outage for the
     * failure policy, not retried at once; other 4xx are the caller's ({@link TierRejectedException});
     * 502/503 retryable; the rest unavailable.
     */
    static void checkStatus(String tier, int status, byte[] body, java.util.Optional<String> contentType) {
        if (status / 100 == 2) {
            return;
        }
        if (status == 429) {
            throw new TierUnavailableException(tier, "http_429", "HTTP 429 (tier overloaded)", null);
        }
        if (status / 100 == 4) {
            throw new TierRejectedException(tier, status, body, contentType.orElse("application/json"));
        }
        if (status == 502 || status == 503) {
            throw new RetryableTierException(tier, "http_" + status, "HTTP " + status, null);
        }
        throw new TierUnavailableException(tier, "http_" + status, "HTTP " + status, null);
    }
}
