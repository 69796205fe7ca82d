package io.hybridllm.heavy.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridllm.core.api.ApiError;
import io.hybridllm.core.api.ApiException;
import io.hybridllm.core.model.ModelLoadException;
import io.hybridllm.core.model.TextGenerator;
import io.hybridllm.heavy.config.HeavyConfig;
import io.hybridllm.heavy.decoding.ModelFiles;
import io.hybridllm.heavy.decoding.OnnxDecoderGenerator;
import io.hybridllm.heavy.upstream.OpenAiUpstreamGenerator;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Owns the generator chosen by {@code hybrid.heavy.backend}. Loaded at start-up (at run time, so
 * ONNX Runtime and the tokenizer natives are never initialised during a native-image build); a
 * failed load leaves the function up but not ready, answering 503 {@code model_unavailable}.
 */
@Startup
@ApplicationScoped
public class HeavyModel {

    private static final Logger LOG = Logger.getLogger(HeavyModel.class);

    @Inject
    HeavyConfig config;

    @Inject
    ObjectMapper mapper;

    private volatile TextGenerator generator;
    private volatile String version;
    private volatile String failure = "not loaded yet";

    @PostConstruct
    void load() {
        try {
            if (config.backend() == HeavyConfig.Backend.openai) {
                HeavyConfig.Upstream up = config.upstream();
                String baseUrl = up.baseUrl().orElseThrow(() -> new ModelLoadException(
                        "hybrid.heavy.backend=openai needs hybrid.heavy.upstream.base-url"));
                OpenAiUpstreamGenerator upstream = new OpenAiUpstreamGenerator(baseUrl, up.apiKey(), up.model(),
                        up.connectTimeout(), up.readTimeout(), up.retries(), up.retryBackoff(), mapper);
                version = upstream.version();
                generator = upstream;
                LOG.infof("heavy tier forwards to %s", baseUrl);
            } else {
                OnnxDecoderGenerator decoder = OnnxDecoderGenerator.load(ModelFiles.resolve(config.modelDir()),
                        config.modelName(), config.device(), config.intraOpThreads(), config.truncateLongPrompts());
                version = decoder.version();
                generator = decoder;
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
        if (current != null) {
            current.close();
        }
    }
}
