package io.hybridllm.light.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridllm.core.model.ModelLoadException;
import io.hybridllm.core.model.ModelResources;
import io.hybridllm.light.config.LightConfig;
import io.hybridllm.light.encoding.EncoderVariant;
import io.hybridllm.light.encoding.OnnxSentenceEncoder;
import io.hybridllm.light.knowledge.IntentHead;
import io.hybridllm.light.knowledge.KnowledgeBase;
import io.hybridllm.light.knowledge.KnowledgeEntry;
import io.hybridllm.light.knowledge.LiveKnowledge;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.jboss.logging.Logger;

/**
 * Owns the encoder and the intent head of each language (English, and Chinese unless
 * {@code hybrid.light.zh.enabled=false}) and starts the live knowledge base they answer from. Loaded
 * at runtime start-up (never at native build time, where ONNX Runtime and the tokenizer's native
 * library must not be initialised) and closed on shutdown. If loading fails (either language, or the
 * knowledge store) the readiness check reports DOWN and requests get 503.
 */
@ApplicationScoped
public class LightModels {

    private static final Logger LOG = Logger.getLogger(LightModels.class);

    private final LightConfig config;
    private final ObjectMapper mapper;
    private final LiveKnowledge knowledge;
    private volatile Loaded loaded;
    /** The Chinese models; null while hybrid.light.zh.enabled is false (or before loading). */
    private volatile Loaded chinese;
    private volatile String failure = "not loaded yet";

    /**
     * Everything a request in one language needs, swapped in as one unit. The knowledge changes at run
     * time and is swapped as a unit of its own ({@link LiveKnowledge#current()}).
     *
     * @param modelsVersion encoder and head; {@link #version()} adds the knowledge version
     */
    public record Loaded(OnnxSentenceEncoder encoder, IntentHead head, LiveKnowledge knowledge,
                         double threshold, String modelsVersion) {

        /** Changes whenever the encoder, the head or the knowledge (any admin change) changes. */
        public String version() {
            return modelsVersion + "+kb-" + knowledge.current().snapshot().versionTag();
        }
    }

    /** A language's encoder and head with the bundled answers that seed an empty knowledge store. */
    private record Models(Loaded loaded, KnowledgeBase bundledAnswers) {}

    public LightModels(LightConfig config, ObjectMapper mapper, LiveKnowledge knowledge) {
        this.config = config;
        this.mapper = mapper;
        this.knowledge = knowledge;
    }

    void onStart(@Observes StartupEvent event) {
        long start = System.nanoTime();
        Models english = null;
        Models zh = null;
        try {
            english = loadEnglish();
            zh = config.zh().enabled() ? loadChineseModels() : null;
            // Knowledge: the store's entries (the bundled answers if it is empty), examples embedded
            // with the encoder of their own language.
            List<KnowledgeEntry> seed = new ArrayList<>(english.bundledAnswers().entries("en"));
            if (zh != null) {
                seed.addAll(zh.bundledAnswers().entries("zh"));
            }
            OnnxSentenceEncoder englishEncoder = english.loaded().encoder();
            OnnxSentenceEncoder chineseEncoder = zh == null ? null : zh.loaded().encoder();
            knowledge.start(language -> "zh".equals(language) && chineseEncoder != null ? chineseEncoder
                    : englishEncoder, () -> seed);
            // Both or neither: a configured language that cannot load is a broken deployment.
            chinese = zh == null ? null : zh.loaded();
            loaded = english.loaded();
            failure = null;
            LOG.infof("light models loaded in %d ms from %s: %s, threshold %.3f%s", (System.nanoTime() - start) / 1_000_000,
                    ModelResources.source(), loaded.version(), loaded.threshold(), zh == null ? "; Chinese disabled"
                            : "; Chinese " + chinese.modelsVersion() + ", threshold " + chinese.threshold());
        } catch (ModelLoadException | RuntimeException e) {
            close(english);
            close(zh);
            failure = e.getMessage();
            LOG.error("light models failed to load; serving 503 until restarted", e);
        }
    }

    private static void close(Models models) {
        if (models != null) {
            models.loaded().encoder().close();
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

    /** The English encoder and head ({@code hybrid.light.*} keys without a zh prefix), answers not yet live. */
    Loaded load() throws ModelLoadException {
        return loadEnglish().loaded();
    }

    /** The Chinese encoder and head ({@code hybrid.light.zh.*}), answers not yet live. */
    Loaded loadChinese() throws ModelLoadException {
        return loadChineseModels().loaded();
    }

    private Models loadEnglish() throws ModelLoadException {
        return load(config.encoder(), config.headResource(), config.answersResource(), config.confidenceThreshold(),
                "hybrid.light.confidence-threshold");
    }

    private Models loadChineseModels() throws ModelLoadException {
        LightConfig.Chinese zh = config.zh();
        return load(EncoderVariant.ZH_INT8, zh.headResource(), zh.answersResource(), zh.confidenceThreshold(),
                "hybrid.light.zh.confidence-threshold");
    }

    private Models load(EncoderVariant variant, String headResource, String answersResource,
                        OptionalDouble configuredThreshold, String thresholdKey) throws ModelLoadException {
        IntentHead head;
        KnowledgeBase answers;
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
            answers = KnowledgeBase.read(in, mapper);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + answersResource, e);
        }
        // The bundled answers seed an empty store, so they must cover every intent the head predicts.
        answers.requireAnswersFor(head.answerableIntents());
        double threshold = configuredThreshold.isPresent() ? configuredThreshold.getAsDouble()
                : recorded == null ? 0.5 : recorded;
        if (!(threshold >= 0.0 && threshold <= 1.0)) {
            throw new ModelLoadException(thresholdKey + " must be within [0,1], got " + threshold);
        }
        OnnxSentenceEncoder encoder = OnnxSentenceEncoder.load(variant, config.maxSequenceLength(),
                config.intraOpThreads(), config.microBatchSize());
        // A head fitted on other embeddings would classify garbage with confidence; refuse it.
        if (!encoder.version().equals(head.encoderVersion()) || encoder.dimension() != head.dimension()) {
            encoder.close();
            throw new ModelLoadException("intent head was trained on " + head.encoderVersion() + " ("
                    + head.dimension() + " dims) but the encoder is " + encoder.version() + " ("
                    + encoder.dimension() + " dims); retrain the head");
        }
        String version = encoder.version() + "+" + head.hash() + "+answers-" + answers.hash();
        return new Models(new Loaded(encoder, head, knowledge, threshold, version), answers);
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

    /** The English models, or null while loading failed. */
    public Loaded current() {
        return loaded;
    }

    /** The Chinese models, or null when they are disabled or loading failed. */
    public Loaded chinese() {
        return loaded == null ? null : chinese;
    }

    /**
     * The version GET /v1/models reports: the English version (which includes the knowledge version),
     * plus {@code ;zh=<Chinese encoder+head>} when Chinese is served, so changing either language's
     * encoder or head, or any knowledge entry, changes it. Null while loading failed.
     */
    public String version() {
        Loaded english = loaded;
        Loaded zh = chinese;
        if (english == null) {
            return null;
        }
        return zh == null ? english.version() : english.version() + ";zh=" + zh.modelsVersion();
    }

    /** Why the models are not available, or null when they are. */
    public String failure() {
        return failure;
    }
}
