package io.hybridllm.core.routing;

/**
 * The routing verdict for one request.
 *
 * @param tier the tier to try first
 * @param score the complexity score
 * @param threshold the threshold the score was compared with
 */
public record RoutingDecision(Tier tier, double score, double threshold) {

    public String reason() {
        return tier == Tier.HEAVY ? "score_at_or_above_threshold" : "score_below_threshold";
    }
}
