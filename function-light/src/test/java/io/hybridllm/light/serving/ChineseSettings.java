package io.hybridllm.light.serving;

import io.hybridllm.light.config.LightConfig;
import io.hybridllm.light.encoding.EncoderVariant;
import java.util.OptionalDouble;

/** {@code hybrid.light.zh.*} for tests that build {@link LightModels} without Quarkus' configuration. */
record ChineseSettings(boolean enabled, String headResource, String answersResource,
                       OptionalDouble confidenceThreshold) implements LightConfig.Chinese {

    static final ChineseSettings SHIPPED = new ChineseSettings(true, "kb/banking77-zh-head.json",
            "kb/banking77-answers-zh.json", OptionalDouble.empty());

    static final ChineseSettings DISABLED = new ChineseSettings(false, SHIPPED.headResource(),
            SHIPPED.answersResource(), OptionalDouble.empty());

    @Override
    public String embeddingModelId() {
        return "hybrid-light-bge-small-zh-int8";
    }

    /** The shipped English settings with these Chinese ones. */
    LightConfig withShippedEnglish() {
        ChineseSettings chinese = this;
        return new LightConfig() {
            public String modelId() {
                return "hybrid-light-minilm-int8";
            }

            public EncoderVariant encoder() {
                return EncoderVariant.MINILM_INT8;
            }

            public int maxSequenceLength() {
                return 128;
            }

            public int intraOpThreads() {
                return 1;
            }

            @Override
            public int microBatchSize() {
                return 1;
            }

            public OptionalDouble confidenceThreshold() {
                return OptionalDouble.empty();
            }

            public String headResource() {
                return "kb/banking77-head.json";
            }

            public String answersResource() {
                return "kb/banking77-answers.json";
            }

            public LightConfig.Chinese zh() {
                return chinese;
            }

            public java.util.Optional<String> adminToken() {
                return java.util.Optional.empty();
            }

            public double exampleMatchThreshold() {
                return 0.9;
            }
        };
    }
}
