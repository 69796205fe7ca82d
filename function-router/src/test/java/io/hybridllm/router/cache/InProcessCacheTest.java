package io.hybridllm.router.cache;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hybridllm.router.RouterTestSupport;
import io.hybridllm.router.doubles.TestWorld;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Without Redis the router caches in-process and says so in its readiness data. */
@QuarkusTest
@TestProfile(InProcessCacheProfile.class)
class InProcessCacheTest extends RouterTestSupport {

    @BeforeEach
    void healthyTiers() {
        TestWorld.reset();
    }

    @Test
    void cachesInProcess() {
        String tenant = tenant();
        ask(tenant, EASY).then().statusCode(200).header("x-hybrid-cache", "miss");
        ask(tenant, EASY).then().statusCode(200).header("x-hybrid-cache", "hit").header("x-hybrid-tier", "cache");
        assertEquals(1, TestWorld.light().chatCalls());
    }

    @Test
    void readinessReportsInProcessMode() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'router-cache' }.data.mode", equalTo("in-process"));
    }
}
