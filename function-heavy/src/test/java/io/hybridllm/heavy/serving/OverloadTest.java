package io.hybridllm.heavy.serving;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One slot, no queue: while the slot is held, a request is refused with 503 and Retry-After. */
@QuarkusTest
@TestProfile(OverloadTest.OneSlot.class)
class OverloadTest {

    public static class OneSlot implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hybrid.heavy.max-concurrency", "1", "hybrid.heavy.max-queue", "0",
                    "hybrid.heavy.retry-after-seconds", "3");
        }
    }

    @Inject
    HeavyService service;

    /** RestAssured's default port is the Lambda mock event server; see ChatResourceTest. */
    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URL v1;

    private static final String BODY = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":3}";

    @Test
    void busyTierAnswers503WithRetryAfter() {
        // Hold the only slot, as a long generation would.
        try (AdmissionLimiter.Permit held = service.limiter().acquire()) {
            given().port(v1.getPort()).get("/q/metrics").then().body(containsString("hybrid_heavy_inflight 1.0"));
            for (String body : new String[] {BODY, BODY.replace("}", ",\"stream\":true}")}) {
                given().port(v1.getPort()).contentType("application/json").body(body).post("/v1/chat/completions").then()
                        .statusCode(503)
                        .header("Retry-After", "3")
                        .body("error.code", equalTo("overloaded"))
                        .body("error.type", equalTo("service_unavailable"));
            }
        }
        given().port(v1.getPort()).contentType("application/json").body(BODY).post("/v1/chat/completions").then().statusCode(200);
        given().port(v1.getPort()).get("/q/metrics").then()
                .body(containsString("hybrid_heavy_requests_total{mode=\"complete\",outcome=\"overloaded\"} 1.0"))
                .body(containsString("hybrid_heavy_inflight 0.0"));
    }
}
