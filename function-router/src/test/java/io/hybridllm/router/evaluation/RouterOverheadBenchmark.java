package io.hybridllm.router.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Measures the router's own cost per request, with tiers that answer instantly so that no model
 * time is in the numbers: cache hits (same tenant and question every time) and cache misses
 * (a fresh tenant each time, so the light tier answers and the answer is written to the cache).
 * One client thread, sequential requests, over loopback HTTP.
 *
 * <p>Run against a router started with instant tiers (the test wrapper
 * {@code RouterOverheadBenchmarkTest} does that with the failure-injection doubles and a real
 * redis-server), or by hand: {@code java -cp ... RouterOverheadBenchmark http://127.0.0.1:8080}.
 */
public final class RouterOverheadBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUESTION = "When will my new card arrive?";

    /** p50/p99 of client-observed latency and of the router's own cache and score stages. */
    public record Result(String name, int n, double p50Ms, double p99Ms, double cacheP50Ms, double scoreP50Ms) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-10s n=%d  end-to-end p50=%.3f ms p99=%.3f ms  "
                    + "(router stages p50: cache=%.3f ms score=%.3f ms)", name, n, p50Ms, p99Ms, cacheP50Ms, scoreP50Ms);
        }
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI chat;

    public RouterOverheadBenchmark(String baseUrl) {
        this.chat = URI.create(baseUrl).resolve("/v1/chat/completions");
    }

    public static void main(String[] args) throws Exception {
        RouterOverheadBenchmark bench = new RouterOverheadBenchmark(args.length > 0 ? args[0] : "http://127.0.0.1:8080");
        for (Result result : bench.run(500, 2000, 1000)) {
            System.out.println(result);
        }
    }

    public List<Result> run(int warmup, int hits, int misses) throws Exception {
        String hitTenant = "bench-" + UUID.randomUUID();
        // Warm-up also fills the entry the hits read; a cold first Redis call may time out (bypass).
        for (int i = 0; i < warmup; i++) {
            call(hitTenant, null);
            call("bench-" + UUID.randomUUID(), null);
        }
        Result hit = measure("cache-hit", hits, () -> hitTenant, "hit");
        Result miss = measure("cache-miss", misses, () -> "bench-" + UUID.randomUUID(), "miss");
        return List.of(hit, miss);
    }

    private Result measure(String name, int n, java.util.function.Supplier<String> tenant, String expected)
            throws Exception {
        double[] total = new double[n];
        double[] cache = new double[n];
        double[] score = new double[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            JsonNode hybrid = call(tenant.get(), expected);
            total[i] = (System.nanoTime() - start) / 1e6;
            cache[i] = hybrid.path("timingsMs").path("cache").asDouble();
            score[i] = hybrid.path("timingsMs").path("score").asDouble();
        }
        return new Result(name, n, pct(total, 50), pct(total, 99), pct(cache, 50), pct(score, 50));
    }

    private JsonNode call(String tenant, String expectedCache) throws Exception {
        String body = "{\"model\":\"hybrid-llm\",\"messages\":[{\"role\":\"user\",\"content\":\"" + QUESTION + "\"}]}";
        HttpRequest request = HttpRequest.newBuilder(chat).header("content-type", "application/json")
                .header("X-Tenant-Id", tenant).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + new String(response.body()));
        }
        JsonNode hybrid = JSON.readTree(response.body()).path("hybrid");
        if (expectedCache != null && !expectedCache.equals(hybrid.path("cache").asText())) {
            throw new IllegalStateException("expected cache " + expectedCache + ", got " + hybrid);
        }
        return hybrid;
    }

    private static double pct(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

}
