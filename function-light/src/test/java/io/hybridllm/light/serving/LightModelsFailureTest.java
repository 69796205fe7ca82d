package io.hybridllm.light.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridllm.core.api.ApiException;
import io.hybridllm.core.api.ChatCompletionRequest;
import io.hybridllm.core.api.ChatMessage;
import io.hybridllm.core.model.ModelLoadException;
import io.hybridllm.light.config.KnowledgeConfig;
import io.hybridllm.light.config.LightConfig;
import io.hybridllm.light.config.LimitsConfig;
import io.hybridllm.light.encoding.EncoderVariant;
import io.hybridllm.light.knowledge.LiveKnowledge;
import io.hybridllm.light.knowledge.store.InProcessKnowledgeStore;
import java.time.Duration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/**
 * Load failures that are caught before any native library is touched, and what clients then see:
 * readiness DOWN and 503 with an OpenAI error body instead of a crash.
 */
class LightModelsFailureTest {

    record Config(String headResource, String answersResource, OptionalDouble confidenceThreshold)
            implements LightConfig {
        public String modelId() {
            return "test-model";
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

        public Optional<String> adminToken() {
            return Optional.empty();
        }

        public double exampleMatchThreshold() {
            return 0.9;
        }

        public LightConfig.Chinese zh() {
            return ChineseSettings.DISABLED;
        }
    }

    static final KnowledgeConfig KNOWLEDGE = new KnowledgeConfig() {
        public String keyPrefix() {
            return "hybrid:knowledge:";
        }

        public Duration refresh() {
            return Duration.ofSeconds(2);
        }
    };

    static LightModels models(LightConfig config) {
        return models(config, new ObjectMapper());
    }

    static LightModels models(LightConfig config, ObjectMapper mapper) {
        return new LightModels(config, mapper, new LiveKnowledge(new InProcessKnowledgeStore(), KNOWLEDGE));
    }

    static final LimitsConfig LIMITS = new LimitsConfig() {
        public int maxBodyBytes() {
            return 1024;
        }

        public int maxTokens() {
            return 16;
        }

        public int maxEmbeddingInputs() {
            return 4;
        }
    };

    final ObjectMapper mapper = new ObjectMapper();

    @Test
    void missingResourcesAndBadThresholdFailTheLoad() {
        assertThrows(ModelLoadException.class, () -> models(
                new Config("kb/nope.json", "kb/banking77-answers.json", OptionalDouble.empty())).load());
        assertThrows(ModelLoadException.class, () -> models(
                new Config("kb/banking77-head.json", "kb/nope.json", OptionalDouble.empty())).load());
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> models(
                new Config("kb/banking77-head.json", "kb/banking77-answers.json", OptionalDouble.of(1.5))).load());
        assertTrue(e.getMessage().contains("confidence-threshold"), e.getMessage());
    }

    @Test
    void failedLoadMeansNotReadyAnd503() {
        LightModels models = models(new Config("kb/nope.json", "kb/banking77-answers.json", OptionalDouble.empty()));
        models.onStart(null);
        assertNull(models.current());
        assertEquals(HealthCheckResponse.Status.DOWN, new ModelReadinessCheck(models).call().getStatus());

        LightService service = new LightService(models,
                new Config("kb/nope.json", "kb/banking77-answers.json", OptionalDouble.empty()), LIMITS, mapper,
                new SimpleMeterRegistry());
        ApiException chat = assertThrows(ApiException.class,
                () -> service.chat(ChatCompletionRequest.of(List.of(ChatMessage.user("where is my card")))));
        assertEquals(503, chat.error().status());
        assertEquals("model_not_loaded", chat.error().code());
        assertEquals(503, assertThrows(ApiException.class, service::models).error().status());
    }
}
