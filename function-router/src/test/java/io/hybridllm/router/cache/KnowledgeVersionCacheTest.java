package io.hybridllm.router.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridllm.router.RouterTestSupport;
import io.hybridllm.router.doubles.TestWorld;
import io.hybridllm.router.doubles.TiersAndRedisResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The light function's knowledge version in Redis is part of every cache key: once it changes, an
 * answer cached before the change is not served again. Real Redis, tier doubles.
 */
@QuarkusTest
@WithTestResource(TiersAndRedisResource.class)
class KnowledgeVersionCacheTest extends RouterTestSupport {

    static final String KEY = "hybrid:knowledge:version";

    @Inject
    RedisDataSource redis;

    @BeforeEach
    void healthyWorld() {
        TestWorld.reset();
    }

    @AfterEach
    void versionIsANumberAgain() {
        redis.key().del(KEY);
        redis.value(String.class).set(KEY, "1");
    }

    @Test
    void aKnowledgeChangeRetiresCachedAnswers() {
        redis.value(String.class).set(KEY, "41");
        String tenant = tenant();
        ask(tenant, EASY).then().statusCode(200).header("x-hybrid-cache", "miss").header("x-hybrid-tier", "light");
        ask(tenant, EASY).then().statusCode(200).header("x-hybrid-cache", "hit").header("x-hybrid-tier", "cache");
        int lightCalls = TestWorld.light().chatCalls();

        // What the light function does on an admin change: INCR inside its MULTI/EXEC.
        redis.value(Long.class).incr(KEY);

        ask(tenant, EASY).then().statusCode(200).header("x-hybrid-cache", "miss").header("x-hybrid-tier", "light");
        assertEquals(lightCalls + 1, TestWorld.light().chatCalls(), "the light tier answered again");
        ask(tenant, EASY).then().statusCode(200).header("x-hybrid-cache", "hit");
    }

    @Test
    void anUnreadableKnowledgeVersionBypassesTheCacheAndIsCounted() {
        String tenant = tenant();
        ask(tenant, EASY).then().statusCode(200);
        ask(tenant, EASY).then().statusCode(200).header("x-hybrid-cache", "hit");

        // GET on a hash fails (WRONGTYPE): the version cannot be read, so nothing cached may be trusted.
        redis.key().del(KEY);
        redis.hash(String.class).hset(KEY, "not", "a string");
        double before = metric("hybrid_router_cache_bypass_total");
        ask(tenant, EASY).then().statusCode(200).header("x-hybrid-cache", "bypass").header("x-hybrid-tier", "light");
        assertTrue(metric("hybrid_router_cache_bypass_total") >= before + 1, "bypass counted");
    }
}
