package io.hybridllm.harness.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hybridllm.harness.traffic.TrafficItem;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Sends one traffic item to the router as an OpenAI chat completion and reads what it reports. */
public final class RouterClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper mapper = new ObjectMapper();
    private final URI endpoint;
    private final String tenant;
    private final int maxTokens;

    public RouterClient(String routerUrl, String tenant, int maxTokens) {
        this.endpoint = URI.create(routerUrl + "/v1/chat/completions");
        this.tenant = tenant;
        this.maxTokens = maxTokens;
    }

    public Outcome send(TrafficItem item) {
        ObjectNode body = mapper.createObjectNode();
        body.put("model", "hybrid-llm");
        body.putArray("messages").addObject().put("role", "user").put("content", item.text());
        body.put("max_tokens", maxTokens);
        body.put("temperature", 0);
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint)
                            .timeout(Duration.ofSeconds(120))
                            .header("Content-Type", "application/json")
                            .header("X-Tenant-Id", tenant)
                            .POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            double latencyMs = (System.nanoTime() - start) / 1e6;
            if (response.statusCode() != 200) {
                return new Outcome(item, response.statusCode(), null, null, null, null, false, latencyMs, 0);
            }
            JsonNode hybrid = mapper.readTree(response.body()).path("hybrid");
            return new Outcome(item, 200, text(hybrid, "tier"), text(hybrid, "cache"), text(hybrid, "intent"),
                    text(hybrid, "reason"), hybrid.path("degraded").asBoolean(false), latencyMs,
                    routerOwnMs(hybrid.path("timingsMs")));
        } catch (IOException e) {
            return new Outcome(item, 0, null, null, null, e.getClass().getSimpleName(), false,
                    (System.nanoTime() - start) / 1e6, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(item, 0, null, null, null, "interrupted", false, (System.nanoTime() - start) / 1e6, 0);
        }
    }

    /** Stages the router ran itself; calls to the light and heavy tiers are model time. */
    private static double routerOwnMs(JsonNode timings) {
        double sum = 0;
        for (var it = timings.fields(); it.hasNext(); ) {
            var stage = it.next();
            if (!stage.getKey().startsWith("light") && !stage.getKey().startsWith("heavy")) {
                sum += stage.getValue().asDouble();
            }
        }
        return sum;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
