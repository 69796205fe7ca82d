package io.hybridllm.heavy.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridllm.core.api.ApiError;
import io.hybridllm.core.api.ApiException;
import io.hybridllm.core.model.ModelLoadException;
import io.hybridllm.core.model.TextGenerator;
import io.hybridllm.heavy.config.HeavyConfig;
import io.hybridllm.heavy.decoding.ModelFiles;
import io.hybridllm.heavy.decoding.OnnxDecoder;
import io.hybridllm.heavy.scheduling.AdmissionLimiter;
import io.hybridllm.heavy.scheduling.BatchScheduler;
import io.hybridllm.heavy.scheduling.BatchingGenerator;
import io.hybridllm.heavy.scheduling.LoadReport;
import io.hybridllm.heavy.upstream.OpenAiUpstreamGenerator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Owns the generator chosen by {@code hybrid.heavy.backend} and its admission: the batch
 * scheduler's queue for the local decoder, an {@link AdmissionLimiter} for upstream calls. Loaded
 * at start-up (at run time, so ONNX Runtime and the tokenizer natives are never initialised during
 * a native-image build); a failed load leaves the function up but not ready, answering 503
 * {@code model_unavailable}.
 */
@Startup
@ApplicationScoped
public class HeavyModel {

    private static final Logger LOG = Logger.getLogger(HeavyModel.class);

    @Inject
    HeavyConfig config;

    @Inject
    ObjectMapper mapper;

    @Inject
    MeterRegistry registry;

    private static final LoadReport IDLE = new LoadReport() {
        @Override
        public int inFlight() {
            return 0;
        }

        @Override
        public int queueDepth() {
            return 0;
        }
    };

    private volatile TextGenerator generator;
    private volatile LoadReport load = IDLE;
    private volatile AdmissionLimiter limiter;
    private volatile String version;
    private volatile String failure = "not loaded yet";

    @PostConstruct
    void load() {
        if (config.overloadStatus() != 429 && config.overloadStatus() != 503) {
            throw new IllegalArgumentException("hybrid.heavy.overload-status must be 429 or 503, not "
                    + config.overloadStatus());
        }
        try {
            if (config.backend() == HeavyConfig.Backend.openai) {
                HeavyConfig.Upstream up = config.upstream();
                String baseUrl = up.baseUrl().orElseThrow(() -> new ModelLoadException(
                        "hybrid.heavy.backend=openai needs hybrid.heavy.upstream.base-url"));
                Counter retries = Counter.builder("hybrid.heavy.upstream.retries")
                        .description("Upstream attempts repeated before the first token").register(registry);
                OpenAiUpstreamGenerator upstream = new OpenAiUpstreamGenerator(baseUrl, up.apiKey(), up.model(),
                        up.connectTimeout(), up.readTimeout(), up.retries(), up.retryBackoff(), up.maxRetryBackoff(),
                        retries::increment, mapper);
                AdmissionLimiter admission = new AdmissionLimiter(up.maxConcurrency(), up.maxQueue(),
                        config.maxQueueWait(), config.retryAfterSeconds(), config.overloadStatus());
                version = upstream.version();
                limiter = admission;
                load = admission;
                generator = upstream;
                LOG.infof("heavy tier forwards to %s (%d calls at once, %d queued)", baseUrl, up.maxConcurrency(),
                        up.maxQueue());
            } else {
                OnnxDecoder decoder = OnnxDecoder.load(ModelFiles.resolve(config.modelDir()), config.device(),
                        config.intraOpThreads());
                DistributionSummary batchSizes = DistributionSummary.builder("hybrid.heavy.batch.size")
                        .description("Sequences decoded together per decoding step")
                        .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64)
                        .register(registry);
                HeavyConfig.Batch batch = config.batch();
                BatchingGenerator batching = new BatchingGenerator(decoder, config.modelName(),
                        config.truncateLongPrompts(), new BatchScheduler.Settings(batch.maxSequences(),
                        batch.maxQueue(), batch.maxPrefillTokens(), config.maxQueueWait(), config.retryAfterSeconds(),
                        config.overloadStatus()), batchSizes::record);
                version = batching.version();
                load = batching.scheduler();
                generator = batching;
            }
            failure = null;
        } catch (ModelLoadException | RuntimeException e) {
            failure = e.getMessage();
            LOG.error("heavy model failed to load; the function stays up but not ready", e);
        }
    }

    /** The generator, or 503 model_unavailable when it did not load. */
    public TextGenerator generator() {
        TextGenerator current = generator;
        if (current == null) {
            // The load failure (paths, file names) stays in the log; clients get a fixed message.
            throw new ApiException(ApiError.unavailable("the heavy model is not loaded; see the function's log",
                    "model_unavailable"));
        }
        return current;
    }

    /** Running and waiting generations of the loaded backend (zeros before it loaded). */
    public LoadReport loadReport() {
        return load;
    }

    /** The limiter in front of upstream calls; empty for the local decoder (its scheduler admits). */
    public Optional<AdmissionLimiter> limiter() {
        return Optional.ofNullable(limiter);
    }

    public boolean ready() {
        return generator != null;
    }

    public String failure() {
        return failure;
    }

    public String modelId() {
        return generator == null ? config.modelName() : generator.modelId();
    }

    public String version() {
        return version == null ? "unloaded" : version;
    }

    @PreDestroy
    void close() {
        TextGenerator current = generator;
        generator = null;
        load = IDLE;
        if (current != null) {
            current.close();
        }
    }
}
