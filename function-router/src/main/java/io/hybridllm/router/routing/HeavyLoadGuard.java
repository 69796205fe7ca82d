package io.hybridllm.router.routing;

import io.hybridllm.router.config.RouterConfig;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Watches this router's own calls to the heavy tier (in flight now, and a moving average of their
 * latency) and says when the heavy tier is overloaded, with hysteresis: overloaded once in-flight calls
 * reach {@code high-in-flight} or the average latency reaches {@code high-latency}; back to normal only
 * when in-flight calls are at or below {@code low-in-flight} and latency at or below {@code low-latency}.
 * While overloaded the router raises the threshold by {@code shift-margin}, so borderline requests try
 * the light tier; clearly hard ones still go heavy.
 */
public final class HeavyLoadGuard {

    /** Weight of the newest latency in the moving average; about the last ten calls count. */
    private static final double EWMA_WEIGHT = 0.2;

    private final RouterConfig.Load config;
    private final AtomicInteger inFlight = new AtomicInteger();
    private double latencyMs;
    private boolean overloaded;

    public HeavyLoadGuard(RouterConfig.Load config) {
        this.config = config;
    }

    /** A heavy call starts; pair with {@link #finished(long)}. */
    public void started() {
        inFlight.incrementAndGet();
        update();
    }

    public void finished(long nanos) {
        inFlight.decrementAndGet();
        synchronized (this) {
            double ms = nanos / 1e6;
            latencyMs = latencyMs == 0 ? ms : (1 - EWMA_WEIGHT) * latencyMs + EWMA_WEIGHT * ms;
        }
        update();
    }

    /** The threshold to apply on top of {@code threshold} now: raised while overloaded. */
    public double effectiveThreshold(double threshold) {
        return overloaded() ? Math.min(1.0, threshold + config.shiftMargin()) : threshold;
    }

    public synchronized boolean overloaded() {
        return config.enabled() && overloaded;
    }

    public int inFlight() {
        return inFlight.get();
    }

    public synchronized double latencyMs() {
        return latencyMs;
    }

    private synchronized void update() {
        int now = inFlight.get();
        if (!overloaded && (now >= config.highInFlight() || latencyMs >= config.highLatency().toMillis())) {
            overloaded = true;
        } else if (overloaded && now <= config.lowInFlight() && latencyMs <= config.lowLatency().toMillis()) {
            overloaded = false;
        }
    }
}
