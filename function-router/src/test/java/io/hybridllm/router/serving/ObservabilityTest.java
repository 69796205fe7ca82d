package io.hybridllm.router.serving;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridllm.router.RouterTestSupport;
import io.hybridllm.router.doubles.TestWorld;
import io.hybridllm.router.doubles.TiersAndRedisResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /q/health and the hybrid_router_* series on /q/metrics. */
@QuarkusTest
@WithTestResource(TiersAndRedisResource.class)
class ObservabilityTest extends RouterTestSupport {

    @BeforeEach
    void healthyTiers() {
        TestWorld.reset();
    }

    @Test
    void healthIsUp() {
        given().when().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", org.hamcrest.Matchers.hasItem("router-cache"));
    }

    @Test
    void requestsAreCountedByTierAndCache() {
        double lightMiss = metric("hybrid_router_requests_total", "tier=\"light\"", "cache=\"miss\"");
        double cacheHit = metric("hybrid_router_requests_total", "tier=\"cache\"", "cache=\"hit\"");
        String tenant = tenant();
        ask(tenant, EASY).then().statusCode(200);
        ask(tenant, EASY).then().statusCode(200);
        assertEquals(lightMiss + 1, metric("hybrid_router_requests_total", "tier=\"light\"", "cache=\"miss\""));
        assertEquals(cacheHit + 1, metric("hybrid_router_requests_total", "tier=\"cache\"", "cache=\"hit\""));
        assertTrue(metric("hybrid_router_stage_seconds_count", "stage=\"score\"") >= 2);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("hybrid_router_cache_bypass_total"))
                .body(containsString("hybrid_router_stage_seconds_count{stage=\"cache\"}"));
    }
}
