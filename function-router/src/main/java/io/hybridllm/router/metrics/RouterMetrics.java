package io.hybridllm.router.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;

/**
 * The router's counters and timers; Prometheus sees them as {@code hybrid_router_*}. Every
 * fallback the failure policy takes is counted here, so "fail-open" never means "fail silently".
 */
@ApplicationScoped
public class RouterMetrics {

    private final MeterRegistry registry;
    private final Counter cacheBypass;

    public RouterMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.cacheBypass = Counter.builder("hybrid.router.cache.bypass")
                .description("Requests served without the cache because it was unreachable or too slow")
                .register(registry);
    }

    /** One answered request, by the tier that produced it and what the cache said. */
    public void request(String tier, String cache) {
        Counter.builder("hybrid.router.requests")
                .description("Answered chat completion requests")
                .tag("tier", tier).tag("cache", cache)
                .register(registry).increment();
    }

    /** A request that went to the heavy tier after trying (or failing to reach) the light tier. */
    public void escalation(String reason) {
        Counter.builder("hybrid.router.escalations")
                .description("Requests escalated from the light tier to the heavy tier")
                .tag("reason", reason)
                .register(registry).increment();
    }

    public void cacheBypass() {
        cacheBypass.increment();
    }

    public double cacheBypassCount() {
        return cacheBypass.count();
    }

    /** An answer served by a fallback because the preferred tier was down. */
    public void degraded(String reason) {
        Counter.builder("hybrid.router.degraded")
                .description("Answers served by a fallback tier because the preferred tier was unavailable")
                .tag("reason", reason)
                .register(registry).increment();
    }

    /** A request the score sent heavy that tried the light tier first because the heavy tier was overloaded. */
    public void loadShifted() {
        Counter.builder("hybrid.router.load.shifted")
                .description("Requests shifted from the heavy to the light tier while the heavy tier was overloaded")
                .register(registry).increment();
    }

    /** A tier call that failed (connection, timeout, 5xx, open circuit), by tier. */
    public void tierFailure(String tier, String kind) {
        Counter.builder("hybrid.router.tier.failures")
                .description("Failed calls to a tier")
                .tag("tier", tier).tag("kind", kind)
                .register(registry).increment();
    }

    /** Wall time of one pipeline stage (cache, score, light, heavy). */
    public void stage(String stage, long nanos) {
        Timer.builder("hybrid.router.stage")
                .description("Wall time per routing stage")
                .tag("stage", stage)
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }
}
