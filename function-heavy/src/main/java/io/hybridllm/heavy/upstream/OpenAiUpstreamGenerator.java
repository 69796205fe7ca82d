package io.hybridllm.heavy.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hybridllm.core.api.ApiError;
import io.hybridllm.core.api.ApiException;
import io.hybridllm.core.api.ChatMessage;
import io.hybridllm.core.model.Generation;
import io.hybridllm.core.model.GenerationParams;
import io.hybridllm.core.model.TextGenerator;
import io.hybridllm.core.model.TokenSink;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Forwards generations to an OpenAI-compatible server (vLLM, TGI, Ollama, llama.cpp server,
 * OpenAI itself) with {@code stream:true} and feeds each content delta to the sink.
 *
 * <p>Retries are plain code rather than a {@code @Retry} annotation, because whether a retry is
 * safe depends on stream state: connect errors, 429, 502 and 503 are retried (with exponential
 * backoff) only while no token has been received; once text has reached the caller a failure
 * ends the generation with a 502 {@code upstream_error}. Upstream 4xx answers keep their status
 * and message. Errors are {@link ApiException}s so they reach clients in OpenAI shape.
 *
 * <p>Token counts are the upstream's own ({@code stream_options.include_usage} is requested); when
 * it sends none, the {@link Generation} has -1 for both and the response carries no {@code usage}.
 */
public final class OpenAiUpstreamGenerator implements TextGenerator {

    private static final Logger LOG = Logger.getLogger(OpenAiUpstreamGenerator.class);
    private static final Set<Integer> RETRYABLE = Set.of(429, 502, 503);

    private final URI endpoint;
    private final Optional<String> apiKey;
    private final Optional<String> model;
    private final Duration readTimeout;
    private final int retries;
    private final Duration backoff;
    private final Duration maxBackoff;
    private final Runnable onRetry;
    private final ObjectMapper mapper;
    private final HttpClient client;
    private final String baseUrl;

    public OpenAiUpstreamGenerator(String baseUrl, Optional<String> apiKey, Optional<String> model,
                                   Duration connectTimeout, Duration readTimeout, int retries, Duration backoff,
                                   ObjectMapper mapper) {
        this(baseUrl, apiKey, model, connectTimeout, readTimeout, retries, backoff, backoff.multipliedBy(8), () -> { },
                mapper);
    }

    /**
     * @param maxBackoff longest pause between two attempts (the doubling stops there)
     * @param onRetry told before every retry (a metric)
     */
    public OpenAiUpstreamGenerator(String baseUrl, Optional<String> apiKey, Optional<String> model,
                                   Duration connectTimeout, Duration readTimeout, int retries, Duration backoff,
                                   Duration maxBackoff, Runnable onRetry, ObjectMapper mapper) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.baseUrl = base;
        this.endpoint = URI.create(base + "/chat/completions");
        this.apiKey = apiKey.filter(k -> !k.isBlank());
        this.model = model.filter(m -> !m.isBlank());
        this.readTimeout = readTimeout;
        this.retries = Math.max(0, retries);
        this.backoff = backoff;
        this.maxBackoff = maxBackoff;
        this.onRetry = onRetry;
        this.mapper = mapper;
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    public Generation generate(List<ChatMessage> conversation, GenerationParams params, TokenSink sink) {
        return generate(null, conversation, params, sink);
    }

    /**
     * @param requestedModel the client's {@code model}, sent upstream unless a model override is
     *                       configured; null sends the override or "default"
     */
    public Generation generate(String requestedModel, List<ChatMessage> conversation, GenerationParams params,
                               TokenSink sink) {
        byte[] body = requestBody(model.orElse(requestedModel == null ? "default" : requestedModel),
                conversation, params);
        HttpResponse<InputStream> response = send(body);
        return read(response, sink);
    }

    private byte[] requestBody(String modelName, List<ChatMessage> conversation, GenerationParams params) {
        ObjectNode root = mapper.createObjectNode();
        root.put("model", modelName);
        ArrayNode messages = root.putArray("messages");
        for (ChatMessage message : conversation) {
            messages.addObject().put("role", message.role()).put("content", message.content());
        }
        root.put("temperature", params.temperature());
        root.put("top_p", params.topP());
        root.put("max_tokens", params.maxTokens());
        if (!params.stop().isEmpty()) {
            ArrayNode stop = root.putArray("stop");
            params.stop().forEach(stop::add);
        }
        if (params.seed() != null) {
            root.put("seed", params.seed());
        }
        root.put("stream", true);
        // Lets servers that support it report token counts in the last chunk.
        root.putObject("stream_options").put("include_usage", true);
        try {
            return mapper.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<InputStream> send(byte[] body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint)
                .timeout(readTimeout)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        apiKey.ifPresent(key -> builder.header("Authorization", "Bearer " + key));
        HttpRequest request = builder.build();
        String last = "";
        for (int attempt = 0; attempt <= retries; attempt++) {
            if (attempt > 0) {
                onRetry.run();
                pause(attempt);
            }
            HttpResponse<InputStream> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                LOG.debugf("upstream %s attempt %d failed: %s", endpoint, attempt + 1, last);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UpstreamException("interrupted while calling the upstream model server", "upstream_error");
            }
            int status = response.statusCode();
            if (status == 200) {
                return response;
            }
            String message = errorMessage(response);
            if (RETRYABLE.contains(status)) {
                last = "HTTP " + status + " " + message;
                continue;
            }
            if (status >= 400 && status < 500) {
                throw new ApiException(new ApiError(status, "upstream model server: " + message,
                        "invalid_request_error", null, "upstream_" + status));
            }
            throw new UpstreamException("upstream model server answered HTTP " + status + ": " + message,
                    "upstream_error");
        }
        throw new UpstreamException("upstream model server " + baseUrl + " unavailable after " + (retries + 1)
                + " attempts (" + last + ")", "upstream_unavailable");
    }

    private Generation read(HttpResponse<InputStream> response, TokenSink sink) {
        StringBuilder text = new StringBuilder();
        int chunks = 0;
        // -1 = unknown: servers that ignore stream_options.include_usage send no counts, and
        // counting chunks would pass guesses off as token counts.
        int promptTokens = -1;
        int completionTokens = -1;
        String finish = null;
        try (InputStream in = response.body();
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.startsWith("data:")) {
                    continue; // comments, event names, blank separators
                }
                String data = line.substring(5).strip();
                if ("[DONE]".equals(data)) {
                    if (finish == null) {
                        finish = "stop";
                    }
                    break;
                }
                JsonNode event = mapper.readTree(data);
                if (event.has("error")) {
                    throw new UpstreamException("upstream model server failed mid-stream: "
                            + event.path("error").path("message").asText("unknown error"), "upstream_error");
                }
                JsonNode usage = event.path("usage");
                if (usage.isObject()) {
                    promptTokens = usage.path("prompt_tokens").asInt(promptTokens);
                    completionTokens = usage.path("completion_tokens").asInt(completionTokens);
                }
                JsonNode choice = event.path("choices").path(0);
                String delta = choice.path("delta").path("content").asText("");
                if (!delta.isEmpty()) {
                    text.append(delta);
                    chunks++;
                    if (!sink.accept(delta)) {
                        // Closing the stream (try-with-resources) aborts the upstream request.
                        return new Generation(text.toString(), promptTokens, completionTokens, "stop");
                    }
                }
                if (choice.hasNonNull("finish_reason")) {
                    finish = choice.get("finish_reason").asText();
                }
            }
        } catch (IOException e) {
            throw new UpstreamException("upstream stream broke after " + chunks + " chunks: " + e.getMessage(),
                    "upstream_error");
        }
        if (finish == null) {
            throw new UpstreamException("upstream stream ended without a finish_reason or [DONE]", "upstream_error");
        }
        return new Generation(text.toString(), promptTokens, completionTokens,
                "length".equals(finish) ? "length" : "stop");
    }

    private String errorMessage(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            byte[] bytes = in.readNBytes(64 * 1024);
            String raw = new String(bytes, StandardCharsets.UTF_8);
            try {
                JsonNode node = mapper.readTree(raw);
                JsonNode message = node.path("error").path("message");
                if (message.isTextual()) {
                    return message.asText();
                }
                if (node.path("error").isTextual()) {
                    return node.get("error").asText();
                }
            } catch (IOException notJson) {
                // fall through to the raw text
            }
            return raw.length() > 300 ? raw.substring(0, 300) : raw;
        } catch (IOException e) {
            return "(no body: " + e.getMessage() + ")";
        }
    }

    private void pause(int attempt) {
        try {
            Thread.sleep(Math.min(maxBackoff.toMillis(), backoff.toMillis() << Math.min(attempt - 1, 20)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String modelId() {
        return model.orElse("hybrid-heavy-upstream");
    }

    /** Changes when the upstream or the model sent to it changes. */
    public String version() {
        return "upstream:" + Integer.toHexString((baseUrl + "|" + model.orElse("")).hashCode());
    }

    @Override
    public void close() {
        // HttpClient has no close() before Java 21; its threads are daemons.
    }
}
