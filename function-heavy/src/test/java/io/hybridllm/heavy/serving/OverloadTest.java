package io.hybridllm.heavy.serving;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridllm.core.api.ChatMessage;
import io.hybridllm.heavy.decoding.OnnxDecoder;
import io.hybridllm.heavy.scheduling.BatchingGenerator;
import io.hybridllm.heavy.scheduling.SequenceHandle;
import io.hybridllm.heavy.scheduling.SequenceRequest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One batch slot, no queue, overload answered with the default 429: while a sequence decodes,
 * further requests are refused at once with Retry-After and an OpenAI-style body, and the gauges
 * the router reads show the load.
 */
@QuarkusTest
@TestProfile(OverloadTest.OneSlot.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OverloadTest {

    public static class OneSlot implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hybrid.heavy.batch.max-sequences", "1", "hybrid.heavy.batch.max-queue", "0",
                    "hybrid.heavy.retry-after-seconds", "3"); // overload-status: the default, 429
        }
    }

    /** RestAssured's default port is the Lambda mock event server; see ChatResourceTest. */
    @TestHTTPResource("/")
    URL root;

    @Inject
    HeavyModel model;

    private static final String BODY = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":3}";

    private String metrics() {
        return given().port(root.getPort()).get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private Response post(String body) {
        return given().port(root.getPort()).contentType("application/json").body(body).post("/v1/chat/completions");
    }

    /**
     * Occupies the only slot with a sequence that ignores eos and runs almost to the context end,
     * so it is decoding for hundreds of steps.
     */
    private SequenceHandle holdTheSlot() {
        BatchingGenerator generator = (BatchingGenerator) model.generator();
        OnnxDecoder decoder = generator.decoder();
        long[] prompt = decoder.encode(decoder.renderPrompt(List.of(ChatMessage.user("where is my card?"))));
        return generator.scheduler().submit(new SequenceRequest(prompt,
                decoder.config().maxPositions() - prompt.length - 1, 0, 1, null, Set.of()));
    }

    /**
     * Sends {@code body} while the slot is held. A 200 is a bug only when the holder was still
     * decoding after the answer came back; if it had finished (a slow test machine), try again.
     */
    private void assertRefusedWhileBusy(String body) throws Exception {
        BatchingGenerator generator = (BatchingGenerator) model.generator();
        for (int attempt = 0; attempt < 10; attempt++) {
            SequenceHandle holder = holdTheSlot();
            holder.next(); // its first token: it is admitted and decoding
            String busyMetrics = metrics();
            Response response = post(body);
            boolean holderStillRunning = generator.scheduler().inFlight() == 1;
            holder.cancel();
            holder.await();
            if (response.statusCode() == 429) {
                assertEquals("3", response.header("Retry-After"));
                assertEquals("overloaded", response.path("error.code"));
                assertEquals("rate_limit_error", response.path("error.type"));
                assertTrue(response.<String>path("error.message").contains("busy"), response.asString());
                assertTrue(busyMetrics.contains("hybrid_heavy_in_flight 1.0"), busyMetrics);
                return;
            }
            assertFalse(holderStillRunning, "answered " + response.statusCode() + " although the only slot was busy");
        }
        throw new AssertionError("the holding sequence always finished before the request arrived");
    }

    @Test
    @Order(1)
    void loadGaugesArePublishedBeforeTheFirstRequest() {
        // Autoscaling alarms and the router read these from the start; first in this fresh application.
        String idle = metrics();
        assertTrue(idle.contains("hybrid_heavy_in_flight 0.0"), idle);
        assertTrue(idle.contains("hybrid_heavy_queue_depth 0.0"), idle);
    }

    @Test
    @Order(2)
    void fullBatchAndQueueAnswer429WithRetryAfter() throws Exception {
        assertRefusedWhileBusy(BODY);
        assertRefusedWhileBusy(BODY.replace("}", ",\"stream\":true}"));
        long deadline = System.currentTimeMillis() + 30_000;
        while (!metrics().contains("hybrid_heavy_in_flight 0.0") && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        post(BODY).then().statusCode(200);
        String after = metrics();
        assertTrue(after.contains("hybrid_heavy_requests_total{mode=\"complete\",outcome=\"overloaded\"} 1.0"), after);
        assertTrue(after.contains("hybrid_heavy_requests_total{mode=\"stream\",outcome=\"overloaded\"} 1.0"), after);
        assertTrue(after.contains("hybrid_heavy_queue_depth 0.0"), after);
    }
}
