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
