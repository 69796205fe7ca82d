package io.hybridllm.harness.demo;

import io.hybridllm.harness.traffic.TrafficItem;

/**
 * What happened to one replayed request, as the router reported it.
 *
 * @param status HTTP status (0 when the request never got an answer)
 * @param tier cache, light or heavy; null on error
 * @param cache hit, miss or bypass
 * @param intent the light tier's intent (also on cache hits of light answers)
 * @param reason the router's reason for the tier
 * @param degraded whether a fallback answered
 * @param latencyMs wall time seen by the client
 * @param routerMs the router's own stages (cache lookup, scoring) as it reported them, without tier calls
 */
public record Outcome(TrafficItem item, int status, String tier, String cache, String intent, String reason,
                      boolean degraded, double latencyMs, double routerMs) {

    public boolean ok() {
        return status == 200 && tier != null;
    }

    public boolean escalated() {
        return "heavy".equals(tier) && reason != null && reason.startsWith("light_abstained");
    }
}
