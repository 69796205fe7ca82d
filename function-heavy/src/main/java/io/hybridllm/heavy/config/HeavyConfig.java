package io.hybridllm.heavy.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the heavy tier ({@code hybrid.heavy.*}). */
@ConfigMapping(prefix = "hybrid.heavy")
public interface HeavyConfig {

    /** Which generator serves requests: {@code onnx} (local decoder) or {@code openai} (forwarder). */
    @WithDefault("onnx")
    Backend backend();

    /**
     * Directory of an Optimum-style decoder export (config.json, tokenizer.json, model.onnx). When
     * absent, the bundled demo model on the classpath ({@code models/demo-decoder/}) is used.
     */
    Optional<String> modelDir();

    /** Name the local model is served under in {@code /v1/models} and responses. */
    @WithDefault("hybrid-heavy-demo-decoder")
    String modelName();

    /**
     * What to do with a conversation longer than the model's context: false answers 400
     * context_length_exceeded (as OpenAI-compatible servers do); true keeps the most recent tokens.
     * The local demo stack turns it on because the bundled demo model's context is only 256 tokens.
     */
    @WithDefault("false")
    boolean truncateLongPrompts();

    /** Execution provider: {@code auto} (CUDA if it loads, else CPU), {@code cuda} or {@code cpu}. */
    @WithDefault("auto")
    String device();

    /** ONNX Runtime intra-op threads; 0 lets ONNX Runtime pick. */
    @WithDefault("0")
    int intraOpThreads();

    /** Longest a queued request waits for a slot before it is refused as overloaded. */
    @WithDefault("30s")
    Duration maxQueueWait();

    /** Seconds advertised in {@code Retry-After} when a request is refused as overloaded. */
    @WithDefault("1")
    int retryAfterSeconds();

    /**
     * HTTP status of an overloaded refusal: 429 (default; what OpenAI clients and the router's
     * load-aware routing expect, with {@code Retry-After}) or 503 (for callers that treat overload
     * like an outage). Either way the body is OpenAI-style with code {@code overloaded}.
     */
    @WithDefault("429")
    int overloadStatus();

    /** Continuous batching of the local decoder ({@code backend=onnx}). */
    Batch batch();

    interface Batch {

        /** Sequences decoded together in one batch at most; further requests wait in the queue. */
        @WithDefault("16")
        int maxSequences();

        /** Requests allowed to wait for a batch slot; beyond that they are refused as overloaded. */
        @WithDefault("64")
        int maxQueue();

        /**
         * Padded prompt tokens (sequences x longest prompt) prefilled in one pass at most. Bounds the
         * prefill's memory (its logits are sequences x tokens x vocabulary floats) and how long one
         * prefill delays the running sequences' next token. A longer single prompt is prefilled alone.
         */
        @WithDefault("2048")
        int maxPrefillTokens();
    }

    /** {@code max_tokens} when the request has none; the demo model is tiny, keep demo latency low. */
    @WithDefault("64")
    int defaultMaxTokens();

    /** {@code temperature} when the request has none. */
    @WithDefault("0.7")
    double defaultTemperature();

    /** Forwarding to an OpenAI-compatible server. */
    Upstream upstream();

    interface Upstream {

        /** Base URL ending in /v1, e.g. http://localhost:8000/v1 (vLLM). Required for backend=openai. */
        Optional<String> baseUrl();

        /** Sent as {@code Authorization: Bearer <key>} when set. */
        Optional<String> apiKey();

        /** Model name sent upstream; when absent the client's {@code model} is forwarded. */
        Optional<String> model();

        /** TCP connect timeout. */
        @WithDefault("2s")
        Duration connectTimeout();

        /** Time allowed until the upstream's response headers arrive. */
        @WithDefault("60s")
        Duration readTimeout();

        /** Retries before the first token on connect errors, 429, 502 and 503. */
        @WithDefault("2")
        int retries();

        /** Pause before the first retry; doubled for each further one. */
        @WithDefault("200ms")
        Duration retryBackoff();

        /** Longest pause between two retries (the doubling stops there). */
        @WithDefault("2s")
        Duration maxRetryBackoff();

        /** Upstream calls running at the same time; further requests wait in the queue. */
        @WithDefault("32")
        int maxConcurrency();

        /** Requests allowed to wait for an upstream slot; beyond that they are refused as overloaded. */
        @WithDefault("64")
        int maxQueue();
    }

    enum Backend { onnx, openai }
}
