package io.hybridllm.heavy.serving;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * backend=openai wired through the service, with an upstream that is down: each call fails with
 * a real 502 status (also for stream:true, since nothing was sent yet), and after enough
 * failures the circuit breaker answers 503 at once.
 */
@QuarkusTest
@TestProfile(UpstreamBackendTest.DeadUpstream.class)
class UpstreamBackendTest {

    public static class DeadUpstream implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("hybrid.heavy.backend", "openai",
                    "hybrid.heavy.upstream.base-url", "http://127.0.0.1:" + port + "/v1",
                    "hybrid.heavy.upstream.model", "big-model",
                    "hybrid.heavy.upstream.retries", "1",
                    "hybrid.heavy.upstream.retry-backoff", "5ms",
                    "hybrid.heavy.upstream.max-concurrency", "1", "hybrid.heavy.upstream.max-queue", "0",
                    "hybrid.heavy.retry-after-seconds", "4",
                    // The non-default overload status; OverloadTest covers the default 429.
                    "hybrid.heavy.overload-status", "503");
        }
    }

    @TestHTTPResource("/")
    URL root;

    @Inject
    HeavyModel model;

    private static final String BODY = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]%s}";

    @Test
    void busyUpstreamSlotsAnswer503WithRetryAfter() {
        try (var held = model.limiter().orElseThrow().acquire()) {
            given().port(root.getPort()).get("/q/metrics").then()
                    .body(containsString("hybrid_heavy_in_flight 1.0"));
            for (String body : new String[] {String.format(BODY, ""), String.format(BODY, ",\"stream\":true")}) {
                given().port(root.getPort()).contentType("application/json").body(body)
                        .post("/v1/chat/completions").then().statusCode(503)
                        .header("Retry-After", "4")
                        .body("error.code", equalTo("overloaded"))
                        .body("error.type", equalTo("service_unavailable"));
            }
        }
        given().port(root.getPort()).get("/q/metrics").then()
                .body(containsString("hybrid_heavy_in_flight 0.0"));
    }

    @Test
    void deadUpstreamGives502ThenTheCircuitOpens() {
        given().port(root.getPort()).get("/v1/models").then().statusCode(200)
                .body("data[0].id", equalTo("big-model"))
                .body("data[0].version", startsWith("upstream:"));
        given().port(root.getPort()).contentType("application/json").body(String.format(BODY, ",\"stream\":true"))
                .post("/v1/chat/completions").then().statusCode(502)
                .body("error.code", equalTo("upstream_unavailable"));
        // requestVolumeThreshold 8, failureRatio 0.75: the 9th call finds the circuit open.
        for (int i = 1; i < 8; i++) {
            given().port(root.getPort()).contentType("application/json").body(String.format(BODY, ""))
                    .post("/v1/chat/completions").then().statusCode(502)
                    .body("error.type", equalTo("upstream_error"));
        }
        given().port(root.getPort()).contentType("application/json").body(String.format(BODY, ""))
                .post("/v1/chat/completions").then().statusCode(503)
                .body("error.code", equalTo("upstream_circuit_open"));
    }
}
