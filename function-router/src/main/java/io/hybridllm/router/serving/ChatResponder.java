package io.hybridllm.router.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridllm.core.api.ApiError;
import io.hybridllm.core.api.ApiException;
import io.hybridllm.core.api.ChatCompletionRequest;
import io.hybridllm.core.api.HybridInfo;
import io.hybridllm.core.routing.ComplexityScorer;
import io.hybridllm.core.validation.RequestParser;
import io.hybridllm.router.config.LimitsConfig;
import io.hybridllm.router.routing.Routed;
import io.hybridllm.router.routing.RouterService;
import io.hybridllm.router.routing.ThresholdCalibrator;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The HTTP face of the router shared by the REST resource and the Lambda handler: parses bytes
 * with the core {@link RequestParser}, routes, and renders JSON or SSE with the x-hybrid headers.
 * Failures are thrown and rendered by {@link ErrorReplies}.
 */
@ApplicationScoped
public class ChatResponder {

    public static final String MODEL_ID = "hybrid-llm";
    public static final String DEFAULT_TENANT = "default";
    /**
     * A client's own target heavy share, a fraction in [0,1] such as {@code 0.3}: the threshold for its
     * request is then the score that this share of recent traffic reaches (RouteLLM puts its threshold
     * in the model name; a header keeps "model" OpenAI-compatible).
     */
    public static final String HEAVY_SHARE_HEADER = "X-Hybrid-Heavy-Share";

    private final RequestParser parser;
    private final RouterService router;
    private final SseRelay sse;
    private final ObjectMapper mapper;
    /** Routing logic and the scorer that runs, e.g. {@code router-v2+learned:all-minilm-l6-v2-q@1.19.0-beta29/max256}. */
    private final String version;

    public ChatResponder(ObjectMapper mapper, LimitsConfig limits, RouterService router, SseRelay sse,
                         ComplexityScorer scorer) {
        this.parser = new RequestParser(mapper, limits.toLimits());
        this.router = router;
        this.sse = sse;
        this.mapper = mapper;
        this.version = "router-" + RouterVersion.VALUE + "+" + scorer.name();
    }

    public Reply chat(String tenant, byte[] body) {
        return chat(tenant, null, body);
    }

    public Reply chat(String tenant, String heavyShare, byte[] body) {
        OptionalDouble share = heavyShare(heavyShare);
        ChatCompletionRequest request = parser.parseChat(body);
        Routed routed = router.route(tenant == null || tenant.isBlank() ? DEFAULT_TENANT : tenant, request, share);
        Map<String, String> headers = headers(routed);
        if (routed instanceof Routed.HeavyStream stream) {
            return new Reply(200, "text/event-stream", headers, out -> sse.relay(stream, out));
        }
        Routed.Answer answer = (Routed.Answer) routed;
        if (request.streaming()) {
            return new Reply(200, "text/event-stream", headers, out -> sse.writeAnswer(answer.response(), out));
        }
        return Reply.json(200, json(answer.response()), headers);
    }

    private static OptionalDouble heavyShare(String header) {
        if (header == null || header.isBlank()) {
            return OptionalDouble.empty();
        }
        try {
            return OptionalDouble.of(ThresholdCalibrator.checkedShare(Double.parseDouble(header.trim())));
        } catch (IllegalArgumentException e) {
            throw new ApiException(ApiError.invalidRequest(400, HEAVY_SHARE_HEADER + " must be a fraction in [0,1] "
                    + "such as 0.3, got '" + header + "'", null, "invalid_heavy_share"));
        }
    }

    public Reply models() {
        // The router itself has no weights: its version is that of the tiers behind it, which the
        // cache keys already follow; clients only need the id to put in "model".
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("id", MODEL_ID);
        model.put("object", "model");
        model.put("owned_by", "hybrid-llm");
        model.put("version", version);
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("object", "list");
        list.put("data", List.of(model));
        return Reply.json(200, json(list), Map.of());
    }

    private static Map<String, String> headers(Routed routed) {
        HybridInfo info = routed.info();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-hybrid-tier", info.tier());
        headers.put("x-hybrid-cache", info.cache());
        if (info.score() != null) {
            headers.put("x-hybrid-score", String.format(Locale.ROOT, "%.4f", info.score()));
        }
        if (info.reason() != null) {
            headers.put("x-hybrid-reason", info.reason());
        }
        if (Boolean.TRUE.equals(info.degraded())) {
            headers.put("x-hybrid-degraded", "true");
        }
        headers.put("Server-Timing", routed.timings().serverTiming());
        return headers;
    }

    private byte[] json(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response records always serialise", e);
        }
    }
}
