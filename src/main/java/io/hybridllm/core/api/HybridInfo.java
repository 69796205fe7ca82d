package io.hybridllm.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * hybrid-llm's extension field on responses and chunks ({@code "hybrid": {...}}). OpenAI SDKs
 * ignore unknown fields, so clients that do not care never see it.
 *
 * @param tier which tier produced the answer: cache, light or heavy
 * @param cache "hit", "miss" or "bypass" (cache unavailable)
 * @param score the complexity score in [0,1], null where no scoring happened
 * @param abstained on the light tier: true when it declined to answer (the router escalates)
 * @param intent the knowledge-base intent the light tier matched
 * @param confidence the light tier's confidence in that intent
 * @param reason why this tier answered (e.g. "score_below_threshold", "light_abstained", "heavy_unavailable")
 * @param degraded true when a fallback answered because the preferred tier was down
 * @param timingsMs wall time per stage in milliseconds
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record HybridInfo(
        String tier,
        String cache,
        Double score,
        Boolean abstained,
        String intent,
        Double confidence,
        String reason,
        Boolean degraded,
        Map<String, Double> timingsMs) {

    public static HybridInfo light(boolean abstained, String intent, double confidence, String reason) {
        return new HybridInfo("light", null, null, abstained, intent, confidence, reason, null, null);
    }

    public static HybridInfo heavy() {
        return new HybridInfo("heavy", null, null, null, null, null, null, null, null);
    }
}
