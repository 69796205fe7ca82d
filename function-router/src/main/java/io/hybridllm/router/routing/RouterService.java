package io.hybridllm.router.routing;

import io.hybridllm.core.api.ApiError;
import io.hybridllm.core.api.ApiException;
import io.hybridllm.core.api.ChatCompletionRequest;
import io.hybridllm.core.api.ChatCompletionResponse;
import io.hybridllm.core.api.HybridInfo;
import io.hybridllm.core.cache.CachedAnswer;
import io.hybridllm.core.routing.ComplexityScorer;
import io.hybridllm.core.routing.RoutingDecision;
import io.hybridllm.core.routing.RoutingPolicy;
import io.hybridllm.core.routing.Tier;
import io.hybridllm.router.cache.AnswerCache;
import io.hybridllm.router.cache.CacheLookup;
import io.hybridllm.router.metrics.RouterMetrics;
import io.hybridllm.router.tiers.HeavyTierClient;
import io.hybridllm.router.tiers.LightTierClient;
import io.hybridllm.router.tiers.TierModelVersions;
import io.hybridllm.router.tiers.TierUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.jboss.logging.Logger;

/**
 * The routing pipeline for one validated request: exact-match cache, complexity score, routing
 * decision, light tier with escalation to heavy, and the fail-open policy when a tier is down:
 *
 * <ul>
 *   <li>heavy down, light already answered: light's answer, degraded, reason heavy_unavailable;</li>
 *   <li>heavy down, light not asked yet: ask light, return its best answer (even an abstention), degraded;</li>
 *   <li>light down: heavy answers, reason light_unavailable;</li>
 *   <li>both down: 503 tiers_unavailable.</li>
 * </ul>
 *
 * A tier's 4xx ({@link io.hybridllm.router.tiers.TierRejectedException}) is not a tier failure and
 * propagates to the client unchanged. Degraded answers are never cached.
 */
@ApplicationScoped
public class RouterService {

    private static final Logger LOG = Logger.getLogger(RouterService.class);

    public static final String REASON_CACHE_HIT = "cache_hit";
    public static final String REASON_LIGHT_ABSTAINED = "light_abstained";
    public static final String REASON_LIGHT_UNAVAILABLE = "light_unavailable";
    public static final String REASON_HEAVY_UNAVAILABLE = "heavy_unavailable";
    public static final String REASON_LOAD_SHIFTED = "heavy_load_shifted";

    private final AnswerCache cache;
    private final ComplexityScorer scorer;
    private final RoutingPolicy policy;
    private final LightTierClient light;
    private final HeavyTierClient heavy;
    private final TierModelVersions versions;
    private final RouterMetrics metrics;
    private final ThresholdCalibrator calibrator;
    private final HeavyLoadGuard load;

    public RouterService(AnswerCache cache, ComplexityScorer scorer, RoutingPolicy policy, LightTierClient light,
                         HeavyTierClient heavy, TierModelVersions versions, RouterMetrics metrics,
                         ThresholdCalibrator calibrator, HeavyLoadGuard load) {
        this.cache = cache;
        this.scorer = scorer;
        this.policy = policy;
        this.light = light;
        this.heavy = heavy;
        this.versions = versions;
        this.metrics = metrics;
        this.calibrator = calibrator;
        this.load = load;
    }

    /** Per-request state as the pipeline runs. */
    private static final class Flow {
        final ChatCompletionRequest request;
        final StageTimings timings;
        final String key;
        final CacheLookup lookup;
        double score;
        /** What the light tier is sent: the request with the scorer's embedding of its last user message, if any. */
        ChatCompletionRequest lightRequest;
        ChatCompletionResponse lightAnswer;
        boolean lightTried;

        Flow(ChatCompletionRequest request, StageTimings timings, String key, CacheLookup lookup) {
            this.request = request;
            this.timings = timings;
            this.key = key;
            this.lookup = lookup;
            this.lightRequest = request;
        }
    }

    public Routed route(String tenant, ChatCompletionRequest request) {
        return route(tenant, request, OptionalDouble.empty());
    }

    /**
     * @param heavyShare the share of traffic this client wants sent heavy (its X-Hybrid-Heavy-Share
     *     header); empty means the configured target, or the fixed threshold
     */
    public Routed route(String tenant, ChatCompletionRequest request, OptionalDouble heavyShare) {
        if (request.sharedEmbedding() != null) {
            // Only the router's own scorer may hand the light tier a vector.
            request = request.withSharedEmbedding(null);
        }
        StageTimings timings = new StageTimings(metrics);
        // Versions are cached; only every model-versions-refresh does this ask the tiers. The lookup adds
        // the light tier's knowledge version, read per request.
        Map<String, String> modelVersions = versions.current();
        long t = System.nanoTime();
        CacheLookup lookup = cache.lookup(tenant, request, modelVersions);
        t = timings.stop("cache", t);

        Flow flow = new Flow(request, timings, lookup.key(), lookup);
        if (lookup.hit()) {
            // Not scored: the learned scorer's embedding costs milliseconds, and a hit needs no tier.
            return cacheHit(flow, lookup.answer().orElseThrow());
        }
        ComplexityScorer.Assessment assessment = scorer.assess(request.messages());
        flow.score = clamp(assessment.score());
        // Shared only when it is of the very text light reads; the heavy tier is sent the request as it came.
        flow.lightRequest = request.withSharedEmbedding(assessment.embeddingOf(request.lastUserContent()).orElse(null));
        calibrator.record(flow.score);
        double threshold = calibrator.choose(heavyShare).threshold();
        RoutingDecision decision = policy.decide(flow.score, threshold);
        boolean shifted = decision.tier() == Tier.HEAVY && load.overloaded()
                && policy.decide(flow.score, load.effectiveThreshold(threshold)).tier() == Tier.LIGHT;
        timings.stop("score", t);

        if (shifted) {
            metrics.loadShifted();
            return lightFirst(flow, REASON_LOAD_SHIFTED);
        }
        if (decision.tier() == Tier.LIGHT) {
            return lightFirst(flow, decision.reason());
        }
        return heavy(flow, decision.reason());
    }

    private Routed cacheHit(Flow flow, CachedAnswer answer) {
        HybridInfo info = new HybridInfo(Tier.CACHE.wireName(), CacheLookup.HIT, null, null, answer.intent(),
                null, REASON_CACHE_HIT, null, flow.timings.snapshot());
        ChatCompletionResponse response = ChatCompletionResponse.of("chatcmpl-" + UUID.randomUUID(),
                answer.model(), answer.content(), answer.finishReason(), null, info);
        metrics.request(Tier.CACHE.wireName(), CacheLookup.HIT);
        return new Routed.Answer(response, flow.timings);
    }

    private Routed lightFirst(Flow flow, String reason) {
        ChatCompletionResponse answer = callLight(flow);
        if (answer == null) {
            metrics.escalation(REASON_LIGHT_UNAVAILABLE);
            return heavy(flow, REASON_LIGHT_UNAVAILABLE);
        }
        if (abstained(answer)) {
            metrics.escalation(REASON_LIGHT_ABSTAINED);
            return heavy(flow, REASON_LIGHT_ABSTAINED);
        }
        ChatCompletionResponse response = answer.withHybrid(lightInfo(flow, answer, reason, false));
        if (!flow.lookup.bypassed()) {
            cache.store(flow.key, toCached(response, LightTierClient.TIER, intent(answer)));
        }
        metrics.request(LightTierClient.TIER, flow.lookup.status());
        return new Routed.Answer(response, flow.timings);
    }

    private Routed heavy(Flow flow, String reason) {
        long t = System.nanoTime();
        // For a stream this measures the time to its first byte, when the call returns.
        load.started();
        try {
            if (flow.request.streaming()) {
                HttpResponse<Stream<String>> upstream = heavy.call(flow.request).stream();
                flow.timings.stop("heavy", t);
                metrics.request(HeavyTierClient.TIER, flow.lookup.status());
                return new Routed.HeavyStream(upstream, heavyInfo(flow, reason), flow.timings, flow.request, flow.key,
                        !flow.lookup.bypassed(), System.nanoTime());
            }
            ChatCompletionResponse answer = heavy.call(flow.request).answer();
            flow.timings.stop("heavy", t);
            ChatCompletionResponse response = answer.withHybrid(heavyInfo(flow, reason));
            if (!flow.lookup.bypassed()) {
                cache.store(flow.key, toCached(response, HeavyTierClient.TIER, null));
            }
            metrics.request(HeavyTierClient.TIER, flow.lookup.status());
            return new Routed.Answer(response, flow.timings);
        } catch (TierUnavailableException | FaultToleranceException e) {
            flow.timings.stop("heavy", t);
            tierFailed(HeavyTierClient.TIER, e);
        } finally {
            load.finished(System.nanoTime() - t);
        }
        return heavyUnavailable(flow);
    }

    private Routed heavyUnavailable(Flow flow) {
        ChatCompletionResponse best = flow.lightAnswer;
        if (best == null && !flow.lightTried) {
            best = callLight(flow);
        }
        if (best == null) {
            metrics.degraded("tiers_unavailable");
            throw new ApiException(ApiError.unavailable(
                    "neither the light nor the heavy tier could answer; retry later", "tiers_unavailable"));
        }
        metrics.degraded(REASON_HEAVY_UNAVAILABLE);
        metrics.request(LightTierClient.TIER, flow.lookup.status());
        // Not cached: a degraded answer must not outlive the outage that produced it.
        ChatCompletionResponse response = best.withHybrid(lightInfo(flow, best, REASON_HEAVY_UNAVAILABLE, true));
        return new Routed.Answer(response, flow.timings);
    }

    /** The light tier's answer, or null when it is unavailable. */
    private ChatCompletionResponse callLight(Flow flow) {
        flow.lightTried = true;
        long t = System.nanoTime();
        try {
            flow.lightAnswer = light.complete(flow.lightRequest);
            return flow.lightAnswer;
        } catch (TierUnavailableException | FaultToleranceException e) {
            tierFailed(LightTierClient.TIER, e);
            return null;
        } finally {
            flow.timings.stop("light", t);
        }
    }

    /**
     * Called once a relayed heavy stream has ended. Caches the concatenated text when the stream
     * completed (saw its finish and [DONE]); a stream cut short is not an answer worth replaying.
     */
    public void finishStream(Routed.HeavyStream stream, String text, String finishReason, String model,
                             boolean completed) {
        stream.timings().record("heavy_stream", System.nanoTime() - stream.startedNanos());
        if (!completed) {
            metrics.tierFailure(HeavyTierClient.TIER, "stream_cut");
            return;
        }
        if (stream.cacheable()) {
            cache.store(stream.cacheKey(), new CachedAnswer(text, HeavyTierClient.TIER, model, null,
                    finishReason == null ? "stop" : finishReason, System.currentTimeMillis()));
        }
    }

    private void tierFailed(String tier, RuntimeException e) {
        String kind = e instanceof TierUnavailableException u ? u.kind() : e.getClass().getSimpleName();
        metrics.tierFailure(tier, kind);
        LOG.warnf("%s tier failed (%s): %s", tier, kind, e.getMessage());
    }

    private HybridInfo heavyInfo(Flow flow, String reason) {
        return new HybridInfo(HeavyTierClient.TIER, flow.lookup.status(), flow.score, null, null, null, reason, null,
                flow.timings.snapshot());
    }

    private HybridInfo lightInfo(Flow flow, ChatCompletionResponse answer, String reason, boolean degraded) {
        HybridInfo tier = answer.hybrid();
        return new HybridInfo(LightTierClient.TIER, flow.lookup.status(), flow.score,
                tier == null ? Boolean.FALSE : Boolean.TRUE.equals(tier.abstained()),
                tier == null ? null : tier.intent(), tier == null ? null : tier.confidence(), reason,
                degraded ? Boolean.TRUE : null, flow.timings.snapshot());
    }

    private static boolean abstained(ChatCompletionResponse answer) {
        return answer.hybrid() != null && Boolean.TRUE.equals(answer.hybrid().abstained());
    }

    private static String intent(ChatCompletionResponse answer) {
        return answer.hybrid() == null ? null : answer.hybrid().intent();
    }

    private static CachedAnswer toCached(ChatCompletionResponse response, String tier, String intent) {
        String finish = response.choices() == null || response.choices().isEmpty()
                ? "stop" : response.choices().get(0).finishReason();
        return new CachedAnswer(response.content(), tier, response.model(), intent, finish == null ? "stop" : finish,
                System.currentTimeMillis());
    }

    /** A scorer is trusted for direction, not for range: NaN or out-of-range values are pinned. */
    private static double clamp(double score) {
        if (Double.isNaN(score)) {
            return 1.0;
        }
        return Math.max(0.0, Math.min(1.0, score));
    }
}
