package io.hybridllm.light.config;

import io.hybridllm.light.encoding.EncoderVariant;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;
import java.util.OptionalDouble;

/** Settings of the light tier ({@code hybrid.light.*}). */
@ConfigMapping(prefix = "hybrid.light")
public interface LightConfig {

    /** Model id reported in responses and by GET /v1/models. */
    @WithDefault("hybrid-light-minilm-int8")
    String modelId();

    /**
     * English encoder: MINILM_INT8 (deployed) or MINILM_FP32 (only when its jar is on the classpath, e.g.
     * reports). The head file must have been trained on the same encoder.
     */
    @WithDefault(EncoderVariant.ENGLISH_DEFAULT)
    EncoderVariant encoder();

    /** Tokens kept per text, special tokens included; longer texts are truncated. */
    @WithDefault("128")
    int maxSequenceLength();

    /** ONNX Runtime intra-op threads per inference; 1 suits a single-vCPU Lambda. */
    @WithDefault("1")
    int intraOpThreads();

    /**
     * Most chat queries embedded in one ONNX run when requests arrive concurrently (HTTP serving); a
     * query that arrives alone is never delayed. 1 (the default) turns micro-batching off: with the
     * dynamically quantised INT8 encoder a batched vector differs from the lone one (cosine ~0.992), which
     * changed 5 % of decisions in the benchmark, and on 2 CPUs it did not raise throughput (BENCHMARKS.md).
     * Worth turning on for an FP32 or statically quantised encoder on a many-core host. A Lambda instance
     * serves one request at a time, so there it never batches.
     */
    @WithDefault("1")
    int microBatchSize();

    /**
     * Answer only when the top intent's probability reaches this value; otherwise abstain so the router
     * escalates. When unset, the threshold recorded in the head file is used: the training command
     * chose it on a validation split of train.csv for that exact head.
     */
    OptionalDouble confidenceThreshold();

    /** Classpath resource of the intent head (weights, bias, intents). */
    @WithDefault("kb/banking77-head.json")
    String headResource();

    /** Classpath resource of the English answers; seeds the {@code en} entries of an empty knowledge store. */
    @WithDefault("kb/banking77-answers.json")
    String answersResource();

    /**
     * Bearer token of the admin API ({@code /admin/knowledge}). Unset (the default) disables the admin
     * API: it answers 404 as if it did not exist, so a function deployed without a token cannot be
     * changed by anyone.
     */
    Optional<String> adminToken();

    /**
     * Answer with a curated entry, without asking the intent head, when the query's cosine similarity
     * to one of that entry's example questions reaches this value. An almost identical curated example
     * is stronger evidence than the head's probability, and it lets an intent the head was never
     * trained on be answered without retraining.
     */
    @WithDefault("0.9")
    double exampleMatchThreshold();

    // --- Chinese model: chosen per request when the language detector says Chinese ---

    /** The Chinese model ({@code hybrid.light.zh.*}); the keys above without a zh prefix are English's. */
    Chinese zh();

    /** Settings of the Chinese model (bge-small-zh-v1.5 INT8 encoder, its own head and answers). */
    interface Chinese {

        /**
         * Load and serve the Chinese model. When false nothing Chinese is loaded and Chinese questions
         * abstain with reason {@code unsupported_language}, as other scripts do.
         */
        @WithDefault("true")
        boolean enabled();

        /** Classpath resource of the Chinese intent head, trained on bge-small-zh-v1.5 embeddings. */
        @WithDefault("kb/banking77-zh-head.json")
        String headResource();

        /** Classpath resource of the Chinese knowledge-base answers. */
        @WithDefault("kb/banking77-answers-zh.json")
        String answersResource();

        /**
         * Answer a Chinese question only when the top intent's probability reaches this value. When
         * unset, the threshold recorded in the Chinese head file (chosen on its validation split) is used.
         */
        OptionalDouble confidenceThreshold();

        /**
         * Model name that selects the Chinese encoder on POST /v1/embeddings; any other name gets the
         * English encoder.
         */
        @WithDefault("hybrid-light-bge-small-zh-int8")
        String embeddingModelId();
    }
}
