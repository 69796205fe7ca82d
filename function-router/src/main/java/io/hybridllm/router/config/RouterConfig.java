package io.hybridllm.router.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Everything the router needs to know about its tiers, its cache and its routing threshold. */
@ConfigMapping(prefix = "hybrid.router")
public interface RouterConfig {

    /** Base URL of the light function (OpenAI-compatible, answers or abstains). */
    @WithDefault("http://127.0.0.1:8181")
    URI lightUrl();

    /**
     * Name or ARN (an alias ARN in AWS) of the light Lambda function. When set, the router reaches
     * light by Lambda invocation instead of {@link #lightUrl()}.
     */
    Optional<String> lightFunction();

    /**
     * Lambda API endpoint for {@link #lightFunction()}; unset means {@code https://lambda.<AWS_REGION>.amazonaws.com},
     * which a VPC interface endpoint with private DNS answers inside the VPC.
     */
    Optional<URI> lambdaEndpoint();

    /** Base URL of the heavy function (OpenAI-compatible, always answers). */
    @WithDefault("http://127.0.0.1:8282")
    URI heavyUrl();

    /**
     * Requests whose complexity score is at or above this go to the heavy tier first; the rest try the
     * light tier first. With the learned scorer a score is the share of the routing benchmark's exam
     * questions that look less in need of the heavy model, so 0.3 sends about 70 % of exam-like questions
     * (and almost no customer-service questions) to heavy.
     */
    @WithDefault("0.3")
    double threshold();

    /** Which complexity scorer routes: {@code learned} (embedding + text features head) or {@code features}. */
    @WithDefault("learned")
    Scorer scorer();

    /** The learned scorer's settings. */
    Scoring scoring();

    /** Deriving the threshold from recent traffic so that a chosen share of requests goes heavy. */
    Calibration calibration();

    /** Shifting borderline requests to the light tier while the heavy tier is overloaded. */
    Load load();

    interface Load {
        /** Whether the router shifts load at all. */
        @WithDefault("true")
        boolean enabled();

        /** Heavy calls in flight from this router at which the heavy tier counts as overloaded. */
        @WithDefault("16")
        int highInFlight();

        /** In-flight heavy calls at or below which (with latency at or below low-latency) it is normal again. */
        @WithDefault("8")
        int lowInFlight();

        /** Moving-average heavy latency at which the heavy tier counts as overloaded. */
        @WithDefault("20s")
        Duration highLatency();

        /** Moving-average heavy latency at or below which (with few calls in flight) it is normal again. */
        @WithDefault("10s")
        Duration lowLatency();

        /**
         * How much the threshold rises while overloaded: requests scoring in [threshold, threshold + margin)
         * try the light tier first, are counted in {@code hybrid_router_load_shifted_total} and carry the
         * reason {@code heavy_load_shifted}.
         */
        @WithDefault("0.2")
        double shiftMargin();
    }

    interface Calibration {
        /**
         * Share of requests, a fraction in [0,1] (0.3 = 30 %), that should go to the heavy tier first. When
         * set, the threshold is no longer fixed: it becomes the score reached by exactly this share of the
         * last {@code sample-size} requests. A request may ask for its own share with the
         * {@code X-Hybrid-Heavy-Share} header. Unset (and no header): {@code hybrid.router.threshold} applies.
         */
        Optional<Double> targetHeavyShare();

        /** How many recent scores are kept (in Redis when configured, shared by all router instances). */
        @WithDefault("2000")
        int sampleSize();

        /** Below this many sampled scores the fixed threshold applies even when a target share is set. */
        @WithDefault("200")
        int minSample();

        /** How often the sample is re-read from Redis. */
        @WithDefault("10s")
        Duration refresh();

        /** Redis list that holds the sample. */
        @WithDefault("hybrid:router:scores")
        String key();
    }

    enum Scorer {
        /** Logistic head over the INT8 MiniLM sentence embedding and text features, trained by train-router. */
        LEARNED,
        /** Hand-weighted text features (no model; for comparison and as a fallback). */
        FEATURES
    }

    interface Scoring {
        /** A head file written by {@code harness train-router}; unset means the one bundled in the router. */
        Optional<String> head();

        /** ONNX Runtime intra-op threads for the scorer's encoder; one request embeds on one thread. */
        @WithDefault("1")
        int threads();
    }

    /** How long the tiers' model versions (part of every cache key) are trusted before re-reading /v1/models. */
    @WithDefault("30s")
    Duration modelVersionsRefresh();

    /** Time allowed to open a TCP connection to a tier; a dead tier should cost little. */
    @WithDefault("1s")
    Duration connectTimeout();

    /** Exact-match answer cache. */
    Cache cache();

    /** The light tier's call budget. */
    Light light();

    /** The heavy tier's call budget. */
    Heavy heavy();

    interface Cache {
        /** How long an answer stays cached. */
        @WithDefault("1h")
        Duration ttl();

        /** Budget for one Redis operation; past it the request bypasses the cache instead of waiting. */
        @WithDefault("250ms")
        Duration timeout();

        /** Entry bound of the in-process cache used when no Redis is configured. */
        @WithDefault("10000")
        int maxEntries();

        /**
         * Redis key where the light function keeps its knowledge version (its
         * {@code hybrid.knowledge.key-prefix} + {@code version}). Read per request and made part of the
         * cache key, so an admin change to the knowledge base retires every cached answer at once.
         */
        @WithDefault("hybrid:knowledge:version")
        String knowledgeVersionKey();
    }

    interface Light {
        /**
         * Per-call timeout in milliseconds. The {@code @Timeout} on the light client reads it (see
         * application.properties), and the HTTP request carries it as a backstop.
         */
        @WithDefault("2000")
        long timeoutMs();
    }

    interface Heavy {
        /** Per-call timeout in milliseconds (to the full answer, or to the first byte when streaming). */
        @WithDefault("60000")
        long timeoutMs();
    }
}
