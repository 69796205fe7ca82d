package io.hybridllm.router.routing;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hybridllm.router.RouterTestSupport;
import io.hybridllm.router.doubles.TestWorld;
import io.hybridllm.router.doubles.TierDouble;
import io.hybridllm.router.doubles.TiersAndRedisResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The happy paths of the pipeline: light answers, escalation on abstention, heavy for hard questions. */
@QuarkusTest
@WithTestResource(TiersAndRedisResource.class)
class RoutingPipelineTest extends RouterTestSupport {

    @BeforeEach
    void healthyTiers() {
        TestWorld.reset();
    }

    @Test
    void easyQuestionIsAnsweredByLight() {
        Response response = ask(tenant(), EASY);
        response.then().statusCode(200)
                .header("x-hybrid-tier", "light")
                .header("x-hybrid-cache", "miss")
                .header("x-hybrid-reason", "score_below_threshold")
                .header("Server-Timing", containsString("cache;dur="))
                .header("Server-Timing", containsString("score;dur="))
                .header("Server-Timing", containsString("light;dur="));
        JsonNode body = json(response);
        assertEquals("chat.completion", body.path("object").asText());
        assertEquals(TierDouble.answerFor("light", EASY), body.path("choices").path(0).path("message").path("content").asText());
        JsonNode hybrid = body.path("hybrid");
        assertEquals("light", hybrid.path("tier").asText());
        assertEquals("card_arrival", hybrid.path("intent").asText());
        assertEquals(false, hybrid.path("abstained").asBoolean(true));
        assertTrue(hybrid.path("score").asDouble() < 0.5, "score " + hybrid.path("score"));
        assertEquals(Double.parseDouble(response.header("x-hybrid-score")), hybrid.path("score").asDouble(), 1e-4);
        assertTrue(hybrid.path("timingsMs").has("light"), hybrid.toString());
        assertEquals(0, TestWorld.heavy().chatCalls());
        // The request reaches the tier as the client sent it, model included.
        assertEquals("hybrid-llm", TestWorld.light().lastRequest().path("model").asText());
    }

    @Test
    void abstentionEscalatesToHeavyAndIsCounted() {
        double before = metric("hybrid_router_escalations_total", "reason=\"light_abstained\"");
        String question = "My card has not arrived yet, abstain please";
        Response response = ask(tenant(), question);
        response.then().statusCode(200)
                .header("x-hybrid-tier", "heavy")
                .header("x-hybrid-reason", "light_abstained")
                .header("Server-Timing", containsString("heavy;dur="));
        assertEquals(TierDouble.answerFor("heavy", question), json(response).path("choices").path(0).path("message")
                .path("content").asText());
        assertEquals(1, TestWorld.light().chatCalls());
        assertEquals(1, TestWorld.heavy().chatCalls());
        assertEquals(before + 1, metric("hybrid_router_escalations_total", "reason=\"light_abstained\""));
    }

    @Test
    void hardQuestionGoesStraightToHeavy() {
        Response response = ask(tenant(), HARD);
        response.then().statusCode(200)
                .header("x-hybrid-tier", "heavy")
                .header("x-hybrid-reason", "score_at_or_above_threshold");
        JsonNode hybrid = json(response).path("hybrid");
        assertTrue(hybrid.path("score").asDouble() >= 0.5, "score " + hybrid);
        assertEquals(0, TestWorld.light().chatCalls());
        assertEquals(1, TestWorld.heavy().chatCalls());
    }

    @Test
    void sameQuestionHitsTheCacheWhateverItsWhitespaceAndCase() {
        String tenant = tenant();
        ask(tenant, EASY).then().statusCode(200).header("x-hybrid-cache", "miss");
        Response hit = ask(tenant, "  when WILL my   new card\tarrive? ");
        hit.then().statusCode(200).header("x-hybrid-tier", "cache").header("x-hybrid-cache", "hit")
                .header("x-hybrid-reason", "cache_hit");
        JsonNode body = json(hit);
        assertEquals(TierDouble.answerFor("light", EASY), body.path("choices").path(0).path("message").path("content").asText());
        assertEquals("card_arrival", body.path("hybrid").path("intent").asText(), "a hit keeps the original intent");
        assertEquals("cache", body.path("hybrid").path("tier").asText());
        assertEquals(1, TestWorld.light().chatCalls(), "a hit must not reach the tier");
    }

    @Test
    void cacheKeysSeparateTenantsParametersAndModelVersions() throws Exception {
        String tenant = tenant();
        ask(tenant, EASY).then().header("x-hybrid-cache", "miss");
        ask(tenant(), EASY).then().header("x-hybrid-cache", "miss");

        var warmer = request(EASY).put("temperature", 0.9);
        post(tenant, warmer).then().header("x-hybrid-cache", "miss");
        post(tenant, warmer).then().header("x-hybrid-cache", "hit");

        TestWorld.light().version("light-v2");
        // Past hybrid.router.model-versions-refresh (200ms in tests) the router re-reads /v1/models.
        Thread.sleep(400);
        ask(tenant, EASY).then().header("x-hybrid-cache", "miss").header("x-hybrid-tier", "light");
        ask(tenant, EASY).then().header("x-hybrid-cache", "hit");
    }

    @Test
    void aTierThatCannotReportItsVersionKeepsItsLastOne() throws Exception {
        String tenant = tenant();
        Thread.sleep(400);
        ask(tenant, EASY).then().header("x-hybrid-cache", "miss");
        // While heavy is down its /v1/models fails; the light answer cached before must still hit.
        TestWorld.heavy().stop();
        try {
            Thread.sleep(400);
            ask(tenant, EASY).then().statusCode(200).header("x-hybrid-cache", "hit");
        } finally {
            TestWorld.heavy().start();
        }
    }

    @Test
    void heavyAnswersAreCachedToo() {
        String tenant = tenant();
        ask(tenant, HARD).then().header("x-hybrid-tier", "heavy").header("x-hybrid-cache", "miss");
        ask(tenant, HARD).then().header("x-hybrid-tier", "cache").header("x-hybrid-cache", "hit");
        assertEquals(1, TestWorld.heavy().chatCalls());
    }

    @Test
    void routerOverheadStaysSmallOnAHit() {
        String tenant = tenant();
        ask(tenant, EASY).then().statusCode(200);
        // Loose bound on a shared 2-core box: a hit is a Redis GET plus scoring, not a model call.
        ask(tenant, EASY).then().header("x-hybrid-cache", "hit").time(lessThan(1000L));
        assertEquals(1, TestWorld.light().chatCalls(), "hit served without the tier");
        ask(tenant, EASY).then().body("hybrid.timingsMs.cache", greaterThanOrEqualTo(0f));
    }
}
