package io.hybridllm.router.cache;

import io.hybridllm.core.cache.ResponseCache;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports the cache mode and whether Redis answers, but stays UP when it does not: the router
 * serves without a cache (bypass), so taking it out of rotation for a Redis outage would turn a
 * slower service into no service.
 */
@Readiness
@ApplicationScoped
public class CacheReadinessCheck implements HealthCheck {

    private final ResponseCache cache;

    public CacheReadinessCheck(ResponseCache cache) {
        this.cache = cache;
    }

    @Override
    public HealthCheckResponse call() {
        boolean redis = cache instanceof RedisResponseCache;
        boolean reachable = !redis || ((RedisResponseCache) cache).reachable();
        return HealthCheckResponse.named("router-cache")
                .up()
                .withData("mode", redis ? "redis" : "in-process")
                .withData("reachable", reachable)
                .withData("description", cache.description())
                .build();
    }
}
