package io.hybridllm.router.cache;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridllm.router.RouterTestSupport;
import io.hybridllm.router.doubles.TestWorld;
import io.hybridllm.router.doubles.TiersAndRedisResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real redis-server is killed mid-run and restarted: the router keeps serving and recovers. */
@QuarkusTest
@WithTestResource(TiersAndRedisResource.class)
class RedisOutageTest extends RouterTestSupport {

    @BeforeEach
    void healthyWorld() {
        TestWorld.reset();
    }

    @AfterEach
    void redisBack() {
        TestWorld.redis().start();
    }

    @Test
    void answersAreSharedThroughRedis() {
        String tenant = tenant();
        ask(tenant, EASY).then().statusCode(200).header("x-hybrid-cache", "miss");
        ask(tenant, EASY).then().statusCode(200).header("x-hybrid-cache", "hit");
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'router-cache' }.data.mode", equalTo("redis"))
                .body("checks.find { it.name == 'router-cache' }.data.reachable", equalTo(true));
    }

    @Test
    void redisKilledMidRunIsBypassedAndUsedAgainWhenBack() throws InterruptedException {
        String tenant = tenant();
        ask(tenant, EASY).then().statusCode(200).header("x-hybrid-cache", "miss");
        ask(tenant, EASY).then().statusCode(200).header("x-hybrid-cache", "hit");

        TestWorld.redis().kill();
        double bypassBefore = metric("hybrid_router_cache_bypass_total");
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            Response response = ask(tenant, EASY);
            long ms = (System.nanoTime() - start) / 1_000_000;
            response.then().statusCode(200).header("x-hybrid-cache", "bypass").header("x-hybrid-tier", "light");
            assertEquals("bypass", json(response).path("hybrid").path("cache").asText());
            assertTrue(ms < 1500, "a dead Redis must cost little, took " + ms + "ms");
        }
        assertTrue(metric("hybrid_router_cache_bypass_total") >= bypassBefore + 3, "bypasses counted");
        // Readiness stays UP: the router still serves without its cache.
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'router-cache' }.data.reachable", equalTo(false));

        TestWorld.redis().start();
        // Redis came back empty (no persistence): the first request refills it, the next hits.
        String status = null;
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            status = ask(tenant, EASY).then().statusCode(200).extract().header("x-hybrid-cache");
            if (!"bypass".equals(status)) {
                break;
            }
            Thread.sleep(200);
        }
        assertEquals("miss", status, "cache used again once Redis is back");
        ask(tenant, EASY).then().statusCode(200).header("x-hybrid-cache", "hit").header("x-hybrid-tier", "cache");
    }
}
