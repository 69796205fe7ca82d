package io.hybridllm.router.routing;

import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hybridllm.router.RouterTestSupport;
import io.hybridllm.router.doubles.TestWorld;
import io.hybridllm.router.doubles.TierDouble;
import io.hybridllm.router.doubles.TierDouble.Mode;
import io.hybridllm.router.doubles.TiersAndRedisResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fail-open policy: every tier outage either has a counted fallback or an explicit 503. */
@QuarkusTest
@WithTestResource(TiersAndRedisResource.class)
class FailurePolicyTest extends RouterTestSupport {

    @BeforeEach
    void healthyTiers() throws InterruptedException {
        TestWorld.reset();
        // Let a circuit opened by the previous test (100ms open time in tests) go half-open.
        Thread.sleep(150);
    }

    @Test
    void heavyDownAfterAbstentionServesLightsAnswerDegraded() {
        TestWorld.heavy().stop();
        double degraded = metric("hybrid_router_degraded_total", "reason=\"heavy_unavailable\"");
        String tenant = tenant();
        String question = "My card has not arrived yet, abstain please";
        Response response = ask(tenant, question);
        response.then().statusCode(200)
                .header("x-hybrid-tier", "light")
                .header("x-hybrid-reason", "heavy_unavailable")
                .header("x-hybrid-degraded", "true");
        JsonNode hybrid = json(response).path("hybrid");
        assertTrue(hybrid.path("degraded").asBoolean());
        assertTrue(hybrid.path("abstained").asBoolean(), "light's best answer, even an abstention");
        assertEquals(1, TestWorld.light().chatCalls(), "light is not asked twice");
        assertEquals(degraded + 1, metric("hybrid_router_degraded_total", "reason=\"heavy_unavailable\""));

        // Degraded answers are not cached: once heavy is back, it answers.
        TestWorld.heavy().start();
        ask(tenant, question).then().statusCode(200).header("x-hybrid-tier", "heavy").header("x-hybrid-cache", "miss");
    }

    @Test
    void heavyOverloadedIsAnOutageNotTheClientsMistake() {
        // The heavy function answers 429 when its batch queue is full: the router serves light's answer,
        // degraded and counted, rather than handing the client a 429 for a request it could answer.
        TestWorld.heavy().mode(Mode.OVERLOADED_429);
        double degraded = metric("hybrid_router_degraded_total", "reason=\"heavy_unavailable\"");
        Response response = ask(tenant(), "My card has not arrived yet, abstain please");
        response.then().statusCode(200)
                .header("x-hybrid-tier", "light")
                .header("x-hybrid-reason", "heavy_unavailable")
                .header("x-hybrid-degraded", "true");
        assertEquals(degraded + 1, metric("hybrid_router_degraded_total", "reason=\"heavy_unavailable\""));
        assertEquals(1, TestWorld.heavy().chatCalls(), "an overloaded tier is not retried at once");
    }

    @Test
    void heavyDownForAHardQuestionAsksLight() {
        TestWorld.heavy().stop();
        Response response = ask(tenant(), HARD);
        response.then().statusCode(200)
                .header("x-hybrid-tier", "light")
                .header("x-hybrid-reason", "heavy_unavailable")
                .header("x-hybrid-degraded", "true");
        assertEquals(TierDouble.answerFor("light", HARD),
                json(response).path("choices").path(0).path("message").path("content").asText());
    }

    @Test
    void heavy500IsAnOutage() {
        TestWorld.heavy().mode(Mode.ERROR_500);
        ask(tenant(), HARD).then().statusCode(200).header("x-hybrid-tier", "light").header("x-hybrid-degraded", "true");
        assertEquals(1, TestWorld.heavy().chatCalls(), "500 is not retried");
    }

    @Test
    void heavySlowerThanItsTimeoutIsAnOutage() {
        TestWorld.heavy().mode(Mode.SLOW); // 3s against a 1.5s timeout in tests
        long start = System.nanoTime();
        ask(tenant(), HARD).then().statusCode(200).header("x-hybrid-tier", "light").header("x-hybrid-degraded", "true");
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < 2800, "the router gave up on heavy after its timeout, took " + ms + "ms");
    }

    @Test
    void lightDownGoesToHeavy() {
        TestWorld.light().stop();
        double before = metric("hybrid_router_escalations_total", "reason=\"light_unavailable\"");
        Response response = ask(tenant(), EASY);
        response.then().statusCode(200)
                .header("x-hybrid-tier", "heavy")
                .header("x-hybrid-reason", "light_unavailable")
                .header("x-hybrid-degraded", nullValue());
        assertEquals(TierDouble.answerFor("heavy", EASY),
                json(response).path("choices").path(0).path("message").path("content").asText());
        assertEquals(before + 1, metric("hybrid_router_escalations_total", "reason=\"light_unavailable\""));
    }

    @Test
    void lightSlowerThanItsTimeoutGoesToHeavy() {
        TestWorld.light().mode(Mode.SLOW); // 3s against a 700ms timeout in tests
        long start = System.nanoTime();
        ask(tenant(), EASY).then().statusCode(200).header("x-hybrid-tier", "heavy")
                .header("x-hybrid-reason", "light_unavailable");
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < 2500, "took " + ms + "ms");
    }

    @Test
    void light503IsRetriedOnceThenEscalated() {
        TestWorld.light().mode(Mode.UNAVAILABLE_503);
        ask(tenant(), EASY).then().statusCode(200).header("x-hybrid-tier", "heavy");
        assertEquals(2, TestWorld.light().chatCalls(), "one retry on 503");
    }

    @Test
    void bothDownIs503WithAnOpenAiBody() {
        TestWorld.light().stop();
        TestWorld.heavy().stop();
        ask(tenant(), EASY).then().statusCode(503)
                .contentType("application/json")
                .body("error.code", org.hamcrest.Matchers.equalTo("tiers_unavailable"))
                .body("error.type", org.hamcrest.Matchers.equalTo("service_unavailable"))
                .body("error.message", org.hamcrest.Matchers.notNullValue());
        ask(tenant(), HARD).then().statusCode(503).body("error.code", org.hamcrest.Matchers.equalTo("tiers_unavailable"));
    }

    @Test
    void aTiers4xxPassesThroughUnchangedAndIsNotRetried() {
        TestWorld.light().mode(Mode.REJECT_400);
        ask(tenant(), EASY).then().statusCode(400)
                .header("x-hybrid-tier", "light")
                .body("error.code", org.hamcrest.Matchers.equalTo("context_length_exceeded"))
                .body("error.message", org.hamcrest.Matchers.equalTo("context length exceeded by double"));
        assertEquals(1, TestWorld.light().chatCalls());
        assertEquals(0, TestWorld.heavy().chatCalls(), "a client error is not escalated");

        TestWorld.heavy().mode(Mode.REJECT_400);
        ask(tenant(), HARD).then().statusCode(400).header("x-hybrid-tier", "heavy")
                .body("error.type", org.hamcrest.Matchers.equalTo("invalid_request_error"));
    }

    @Test
    void anOpenCircuitFailsFastAndClosesAgain() throws InterruptedException {
        TestWorld.heavy().mode(Mode.ERROR_500);
        for (int i = 0; i < 30; i++) {
            ask(tenant(), HARD).then().statusCode(200).header("x-hybrid-degraded", "true");
        }
        // Once the window (10 calls) was mostly failures the circuit opened: most later requests were
        // answered without reaching heavy (in tests the circuit half-opens every 100ms for one probe).
        assertTrue(TestWorld.heavy().chatCalls() < 25, "calls " + TestWorld.heavy().chatCalls());
        TestWorld.heavy().mode(Mode.NORMAL);
        Thread.sleep(200);
        ask(tenant(), HARD).then().statusCode(200).header("x-hybrid-tier", "heavy");
    }
}
