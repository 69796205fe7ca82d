package io.hybridllm.router.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridllm.router.RouterTestSupport;
import io.hybridllm.router.doubles.TestWorld;
import io.hybridllm.router.doubles.TierDouble;
import io.hybridllm.router.doubles.TiersAndRedisResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Per-request target heavy share (calibrated on the Redis traffic sample) and load shifting with a slow heavy tier. */
@QuarkusTest
@WithTestResource(TiersAndRedisResource.class)
@TestProfile(RoutingControlsProfile.class)
class RoutingControlsTest extends RouterTestSupport {

    @BeforeEach
    void healthyTiers() {
        TestWorld.reset();
    }

    private static Response askWithShare(String question, String share) {
        return io.restassured.RestAssured.given().header("X-Tenant-Id", tenant()).header("X-Hybrid-Heavy-Share", share)
                .contentType("application/json").body(request(question).toString()).when().post("/v1/chat/completions");
    }

    private static void fillSample() throws InterruptedException {
        for (int i = 0; i < 6; i++) {
            ask(tenant(), EASY).then().statusCode(200);
            ask(tenant(), HARD).then().statusCode(200);
        }
        Thread.sleep(300); // the sample is re-read from Redis every 50 ms here
    }

    @Test
    void aRequestedHeavyShareOfZeroKeepsEvenAHardQuestionOnLight() throws Exception {
        fillSample();
        askWithShare(HARD, "0").then().statusCode(200).header("x-hybrid-tier", "light")
                .header("x-hybrid-reason", "score_below_threshold");
        askWithShare(EASY, "1").then().statusCode(200).header("x-hybrid-tier", "heavy")
                .header("x-hybrid-reason", "score_at_or_above_threshold");
        // Half of a sample that is half EASY, half HARD: HARD goes heavy, EASY does not.
        askWithShare(HARD, "0.5").then().statusCode(200).header("x-hybrid-tier", "heavy");
        askWithShare(EASY, "0.5").then().statusCode(200).header("x-hybrid-tier", "light");
    }

    @Test
    void aHeavyShareOutsideZeroToOneIsABadRequest() {
        askWithShare(EASY, "30").then().statusCode(400);
        askWithShare(EASY, "lots").then().statusCode(400);
    }

    @Test
    void borderlineRequestsShiftToLightWhileHeavyIsBusyAndComeBackAfterwards() throws Exception {
        TestWorld.heavy().slowMillis(1000);
        TestWorld.heavy().mode(TierDouble.Mode.SLOW);
        double before = metric("hybrid_router_load_shifted_total");
        String veryHard = HARD + " Also derive the general formula.";
        List<CompletableFuture<Response>> busy = List.of(
                CompletableFuture.supplyAsync(() -> ask(tenant(), veryHard)),
                CompletableFuture.supplyAsync(() -> ask(tenant(), veryHard + " Twice.")));
        long deadline = System.currentTimeMillis() + 900;
        while (TestWorld.heavy().chatCalls() < 2 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(2, TestWorld.heavy().chatCalls(), "two slow heavy calls in flight");
        Response shifted = ask(tenant(), HARD);
        shifted.then().statusCode(200).header("x-hybrid-tier", "light").header("x-hybrid-reason", "heavy_load_shifted");
        assertEquals("heavy_load_shifted", json(shifted).path("hybrid").path("reason").asText());
        assertEquals(before + 1, metric("hybrid_router_load_shifted_total"));
        for (CompletableFuture<Response> call : busy) {
            assertEquals("heavy", call.get().header("x-hybrid-tier"));
        }
        TestWorld.heavy().mode(TierDouble.Mode.NORMAL);
        // Nothing in flight any more (at the low mark): the same question goes heavy again.
        ask(tenant(), HARD).then().statusCode(200).header("x-hybrid-tier", "heavy")
                .header("x-hybrid-reason", "score_at_or_above_threshold");
        assertTrue(metric("hybrid_router_load_shifted_total") == before + 1);
    }
}
