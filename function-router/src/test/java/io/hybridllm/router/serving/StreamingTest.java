package io.hybridllm.router.serving;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hybridllm.router.RouterTestSupport;
import io.hybridllm.router.doubles.TestWorld;
import io.hybridllm.router.doubles.TierDouble;
import io.hybridllm.router.doubles.TiersAndRedisResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** stream:true on every path, checked on the raw bytes a client receives. */
@QuarkusTest
@WithTestResource(TiersAndRedisResource.class)
class StreamingTest extends RouterTestSupport {

    @BeforeEach
    void healthyTiers() {
        TestWorld.reset();
    }

    private static Response stream(String tenant, String question) {
        return given().header("X-Tenant-Id", tenant).contentType("application/json")
                .body(request(question).put("stream", true).toString())
                .when().post("/v1/chat/completions");
    }

    private static List<String> checkedEvents(Response response, String tier) throws Exception {
        response.then().statusCode(200).header("x-hybrid-tier", tier);
        assertTrue(response.contentType().startsWith("text/event-stream"), response.contentType());
        List<String> events = sseEvents(new String(response.asByteArray(), StandardCharsets.UTF_8));
        assertEquals("[DONE]", events.get(events.size() - 1), "[DONE] comes last");
        JsonNode first = JSON.readTree(events.get(0));
        assertEquals("chat.completion.chunk", first.path("object").asText());
        assertEquals(tier, first.path("hybrid").path("tier").asText(), "first chunk carries the hybrid info");
        for (String event : events.subList(1, events.size() - 1)) {
            assertTrue(JSON.readTree(event).path("hybrid").isMissingNode(), "only the first chunk is tagged: " + event);
        }
        return events;
    }

    @Test
    void lightAnswerStreamsAsChunks() throws Exception {
        String tenant = tenant();
        List<String> events = checkedEvents(stream(tenant, EASY), "light");
        String streamed = deltas(events);
        String whole = json(ask(tenant(), EASY)).path("choices").path(0).path("message").path("content").asText();
        assertEquals(whole, streamed);
        assertEquals("stop", JSON.readTree(events.get(events.size() - 2)).path("choices").path(0)
                .path("finish_reason").asText());
    }

    @Test
    void heavyStreamIsRelayedAndItsTextCached() throws Exception {
        String tenant = tenant();
        List<String> events = checkedEvents(stream(tenant, HARD), "heavy");
        assertEquals(TierDouble.answerFor("heavy", HARD), deltas(events));
        assertEquals("heavy", JSON.readTree(events.get(0)).path("hybrid").path("tier").asText());
        assertEquals("score_at_or_above_threshold", JSON.readTree(events.get(0)).path("hybrid").path("reason").asText());
        assertTrue(TestWorld.heavy().lastRequest().path("stream").asBoolean(), "heavy was asked to stream");

        // The relayed text was cached once the stream ended.
        Response hit = ask(tenant, HARD);
        hit.then().header("x-hybrid-cache", "hit");
        assertEquals(TierDouble.answerFor("heavy", HARD),
                json(hit).path("choices").path(0).path("message").path("content").asText());
        assertEquals(1, TestWorld.heavy().chatCalls());
    }

    @Test
    void aHeavyErrorMidStreamIsRelayedWithoutDoneAndNotCached() throws Exception {
        String tenant = tenant();
        TestWorld.heavy().mode(TierDouble.Mode.STREAM_ERROR);
        String raw = stream(tenant, HARD).then().statusCode(200).extract().asString();
        assertTrue(raw.contains("\"code\":\"generation_failed\""), raw);
        assertFalse(raw.contains("[DONE]"), "a failed stream must not look complete: " + raw);
        TestWorld.heavy().mode(TierDouble.Mode.NORMAL);
        ask(tenant, HARD).then().header("x-hybrid-cache", "miss");
    }

    @Test
    void escalatedAbstentionStreamsFromHeavy() throws Exception {
        String question = "My card has not arrived yet, abstain please";
        List<String> events = checkedEvents(stream(tenant(), question), "heavy");
        assertEquals(TierDouble.answerFor("heavy", question), deltas(events));
        assertEquals("light_abstained", JSON.readTree(events.get(0)).path("hybrid").path("reason").asText());
    }

    @Test
    void heavyEventsReachTheClientAsTheyArrive() throws Exception {
        TestWorld.heavy().chunkDelay(150);
        var client = java.net.http.HttpClient.newHttpClient();
        var request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + io.restassured.RestAssured.port + "/v1/chat/completions"))
                .header("content-type", "application/json").header("X-Tenant-Id", tenant())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(request(HARD).put("stream", true).toString()))
                .build();
        long start = System.nanoTime();
        var response = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofLines());
        long firstContent = -1;
        int dataLines = 0;
        try (var lines = response.body()) {
            for (var it = lines.iterator(); it.hasNext(); ) {
                String line = it.next();
                if (line.startsWith("data: ") && ++dataLines == 2 && firstContent < 0) {
                    firstContent = (System.nanoTime() - start) / 1_000_000;
                }
            }
        }
        long total = (System.nanoTime() - start) / 1_000_000;
        // The answer has ~15 words at 150ms each: relaying event by event shows the first word early.
        assertTrue(total > 1500, "total " + total);
        assertTrue(firstContent < total - 1000, "first content at " + firstContent + "ms of " + total + "ms");
    }

    @Test
    void cacheHitStreams() throws Exception {
        String tenant = tenant();
        String whole = json(ask(tenant, EASY)).path("choices").path(0).path("message").path("content").asText();
        List<String> events = checkedEvents(stream(tenant, EASY), "cache");
        assertEquals(whole, deltas(events));
        assertEquals("hit", JSON.readTree(events.get(0)).path("hybrid").path("cache").asText());
        assertEquals(1, TestWorld.light().chatCalls());
    }

    @Test
    void heavyDownWhileStreamingFallsBackToLightChunks() throws Exception {
        TestWorld.heavy().stop();
        List<String> events = checkedEvents(stream(tenant(), HARD), "light");
        assertTrue(JSON.readTree(events.get(0)).path("hybrid").path("degraded").asBoolean());
        assertEquals(TierDouble.answerFor("light", HARD), deltas(events));
    }
}
