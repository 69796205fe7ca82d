package io.hybridllm.light.serving;

import io.hybridllm.light.knowledge.IntentHead;
import io.hybridllm.light.knowledge.KnowledgeBase;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridllm.core.model.ModelLoadException;
import io.hybridllm.light.config.LightConfig;
import io.hybridllm.light.encoding.EncoderVariant;
import io.hybridllm.light.encoding.OnnxSentenceEncoder;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalDouble;
import org.jboss.logging.Logger;

/**
 * Owns the encoder, the intent head and the answers, one set per language: English, and Chinese
 * unless {@code hybrid.light.zh.enabled=false}. Loaded at runtime start-up (never at native build time,
 * where ONNX Runtime and the tokenizer's native library must not be initialised) and closed on
 * shutdown. If loading fails (either language) the readiness check reports DOWN and requests get 503.
 */
@ApplicationScoped
public class LightModels {

    private static final Logger LOG = Logger.getLogger(LightModels.class);

    private final LightConfig config;
    private final ObjectMapper mapper;
    private volatile Loaded loaded;
    /** The Chinese models; null while hybrid.light.zh.enabled is false (or before loading). */
    private volatile Loaded chinese;
    private volatile String failure = "not loaded yet";

    /** Everything a request in one language needs, swapped in as one unit. */
    public record Loaded(OnnxSentenceEncoder encoder, IntentHead head, KnowledgeBase knowledge,
                         double threshold, String version) {}

    public LightModels(LightConfig config, ObjectMapper mapper) {
        this.config = config;
        this.mapper = mapper;
    }

    void onStart(@Observes StartupEvent event) {
        try {
            long start = System.nanoTime();
            Loaded english = load();
            Loaded zh;
            try {
                zh = config.zh().enabled() ? loadChinese() : null;
            } catch (ModelLoadException | RuntimeException e) {
                english.encoder().close();
                throw e;
            }
            // Both or neither: a configured language that cannot load is a broken deployment.
            chinese = zh;
            loaded = english;
            failure = null;
            LOG.infof("light models loaded in %d ms: %s, threshold %.2f%s", (System.nanoTime() - start) / 1_000_000,
                    loaded.version(), loaded.threshold(),
                    zh == null ? "; Chinese disabled" : "; Chinese " + zh.version() + ", threshold " + zh.threshold());
        } catch (ModelLoadException | RuntimeException e) {
            failure = e.getMessage();
            LOG.error("light models failed to load; serving 503 until restarted", e);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        Loaded current = loaded;
        Loaded zh = chinese;
        loaded = null;
        chinese = null;
        if (current != null) {
            current.encoder().close();
        }
        if (zh != null) {
            zh.encoder().close();
        }
    }

    /** The English models (the {@code hybrid.light.*} keys without a zh prefix). */
    Loaded load() throws ModelLoadException {
        return load(config.encoder(), config.headResource(), config.answersResource(), config.confidenceThreshold(),
                "hybrid.light.confidence-threshold");
    }

    /** The Chinese models ({@code hybrid.light.zh.*}): bge-small-zh-v1.5 with its own head and answers. */
    Loaded loadChinese() throws ModelLoadException {
        LightConfig.Chinese zh = config.zh();
        return load(EncoderVariant.ZH_INT8, zh.headResource(), zh.answersResource(), zh.confidenceThreshold(),
                "hybrid.light.zh.confidence-threshold");
    }

    private Loaded load(EncoderVariant variant, String headResource, String answersResource,
                        OptionalDouble configuredThreshold, String thresholdKey) throws ModelLoadException {
        IntentHead head;
        KnowledgeBase knowledge;
        Double recorded;
        try (InputStream in = resource(headResource)) {
            head = IntentHead.read(in, mapper);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + headResource, e);
        }
        try (InputStream in = resource(headResource)) {
            recorded = recordedThreshold(in);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + headResource, e);
        }
        try (InputStream in = resource(answersResource)) {
            knowledge = KnowledgeBase.read(in, mapper);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + answersResource, e);
        }
        knowledge.requireAnswersFor(head.intents());
        double threshold = configuredThreshold.isPresent() ? configuredThreshold.getAsDouble()
                : recorded == null ? 0.5 : recorded;
        if (!(threshold >= 0.0 && threshold <= 1.0)) {
            throw new ModelLoadException(thresholdKey + " must be within [0,1], got " + threshold);
        }
        OnnxSentenceEncoder encoder = OnnxSentenceEncoder.load(variant, config.maxSequenceLength(),
                config.intraOpThreads());
        // A head fitted on other embeddings would classify garbage with confidence; refuse it.
        if (!encoder.version().equals(head.encoderVersion()) || encoder.dimension() != head.dimension()) {
            encoder.close();
            throw new ModelLoadException("intent head was trained on " + head.encoderVersion() + " ("
                    + head.dimension() + " dims) but the encoder is " + encoder.version() + " ("
                    + encoder.dimension() + " dims); retrain the head");
        }
        String version = encoder.version() + "+" + head.hash() + "+kb-" + knowledge.hash();
        return new Loaded(encoder, head, knowledge, threshold, version);
    }

    private Double recordedThreshold(InputStream in) throws IOException {
        var training = mapper.readTree(in).path("training").path("confidence_threshold");
        return training.isNumber() ? training.asDouble() : null;
    }

    private static InputStream resource(String name) throws ModelLoadException {
        InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new ModelLoadException("resource " + name + " is not on the classpath");
        }
        return in;
    }

    /** The loaded models, or null while loading failed. */
    public Loaded current() {
        return loaded;
    }

    /** The Chinese models, or null when they are disabled or loading failed. */
    public Loaded chinese() {
        return loaded == null ? null : chinese;
    }

    /**
     * The version GET /v1/models reports: the English version, plus {@code ;zh=<Chinese version>} when
     * Chinese is served, so changing either language's encoder, head or answers changes it. Null while
     * loading failed.
     */
    public String version() {
        Loaded english = loaded;
        Loaded zh = chinese;
        if (english == null) {
            return null;
        }
        return zh == null ? english.version() : english.version() + ";zh=" + zh.version();
    }

    /** Why the models are not available, or null when they are. */
    public String failure() {
        return failure;
    }
}
