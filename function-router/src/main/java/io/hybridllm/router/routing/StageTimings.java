package io.hybridllm.router.routing;

import io.hybridllm.router.metrics.RouterMetrics;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Wall time per pipeline stage for one request, in the order the stages ran. */
public final class StageTimings {

    private final Map<String, Double> millis = Collections.synchronizedMap(new LinkedHashMap<>());
    private final RouterMetrics metrics;

    StageTimings(RouterMetrics metrics) {
        this.metrics = metrics;
    }

    /** Records a stage that started at {@code startNanos} and ended now; returns now. */
    long stop(String stage, long startNanos) {
        long now = System.nanoTime();
        record(stage, now - startNanos);
        return now;
    }

    void record(String stage, long nanos) {
        // Several calls of one stage (e.g. a retried heavy call after light) add up.
        millis.merge(stage, Math.round(nanos / 10_000.0) / 100.0, Double::sum);
        metrics.stage(stage, nanos);
    }

    public Map<String, Double> snapshot() {
        synchronized (millis) {
            return Map.copyOf(new LinkedHashMap<>(millis));
        }
    }

    /** The {@code Server-Timing} header value, e.g. {@code cache;dur=0.3, score;dur=0.05}. */
    public String serverTiming() {
        StringBuilder header = new StringBuilder();
        synchronized (millis) {
            millis.forEach((stage, ms) -> {
                if (header.length() > 0) {
                    header.append(", ");
                }
                header.append(stage).append(";dur=").append(ms);
            });
        }
        return header.toString();
    }
}
