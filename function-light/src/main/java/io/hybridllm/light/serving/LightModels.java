package io.hybridllm.light.serving;

import io.hybridllm.light.knowledge.IntentHead;
import io.hybridllm.light.knowledge.KnowledgeBase;
import io.hybridllm.light.knowledge.KnowledgeEntry;
import io.hybridllm.light.knowledge.LiveKnowledge;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridllm.core.model.ModelLoadException;
import io.hybridllm.light.config.LightConfig;
import io.hybridllm.light.encoding.OnnxSentenceEncoder;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Owns the encoder, the intent head and the answers. Loaded at runtime start-up (never at native
 * build time, where ONNX Runtime and the tokenizer's native library must not be initialised) and
 * closed on shutdown. If loading fails the readiness check reports DOWN and requests get 503.
 */
@ApplicationScoped
public class LightModels {

    private static final Logger LOG = Logger.getLogger(LightModels.class);

    private final LightConfig config;
    private final ObjectMapper mapper;
    private final LiveKnowledge knowledge;
    private volatile Loaded loaded;
    private volatile String failure = "not loaded yet";

    /**
     * Everything a request needs, swapped in as one unit. The knowledge changes at run time and is
     * swapped as a unit of its own ({@link LiveKnowledge#current()}).
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

    public LightModels(LightConfig config, ObjectMapper mapper, LiveKnowledge knowledge) {
        this.config = config;
        this.mapper = mapper;
        this.knowledge = knowledge;
    }

    void onStart(@Observes StartupEvent event) {
        try {
            long start = System.nanoTime();
            loaded = load();
            failure = null;
            LOG.infof("light models loaded in %d ms: %s, threshold %.2f", (System.nanoTime() - start) / 1_000_000,
                    loaded.version(), loaded.threshold());
        } catch (ModelLoadException | RuntimeException e) {
            failure = e.getMessage();
            LOG.error("light models failed to load; serving 503 until restarted", e);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        Loaded current = loaded;
        loaded = null;
        if (current != null) {
            current.encoder().close();
        }
    }

    Loaded load() throws ModelLoadException {
        IntentHead head;
        KnowledgeBase enAnswers;
        Double recorded;
        try (InputStream in = resource(config.headResource())) {
            head = IntentHead.read(in, mapper);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + config.headResource(), e);
        }
        try (InputStream in = resource(config.headResource())) {
            recorded = recordedThreshold(in);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + config.headResource(), e);
        }
        try (InputStream in = resource(config.answersResource())) {
            enAnswers = KnowledgeBase.read(in, mapper);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + config.answersResource(), e);
        }
        // The bundled answers seed an empty store, so they must cover every intent the head predicts.
        enAnswers.requireAnswersFor(head.answerableIntents());
        KnowledgeBase zhAnswers;
        try (InputStream in = resource(config.zhAnswersResource())) {
            zhAnswers = KnowledgeBase.read(in, mapper);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + config.zhAnswersResource(), e);
        }
        double threshold = config.confidenceThreshold().isPresent() ? config.confidenceThreshold().getAsDouble()
                : recorded == null ? 0.5 : recorded;
        if (!(threshold >= 0.0 && threshold <= 1.0)) {
            throw new ModelLoadException("hybrid.light.confidence-threshold must be within [0,1], got " + threshold);
        }
        OnnxSentenceEncoder encoder = OnnxSentenceEncoder.load(config.encoder(), config.maxSequenceLength(),
                config.intraOpThreads());
        // A head fitted on other embeddings would classify garbage with confidence; refuse it.
        if (!encoder.version().equals(head.encoderVersion()) || encoder.dimension() != head.dimension()) {
            encoder.close();
            throw new ModelLoadException("intent head was trained on " + head.encoderVersion() + " ("
                    + head.dimension() + " dims) but the encoder is " + encoder.version() + " ("
                    + encoder.dimension() + " dims); retrain the head");
        }
        // Knowledge: the store's entries (the bundled answers if it is empty), examples embedded.
        List<KnowledgeEntry> seed = new ArrayList<>(enAnswers.entries("en"));
        seed.addAll(zhAnswers.entries("zh"));
        try {
            // One encoder for every language until a Chinese encoder is loaded next to it.
            knowledge.start(language -> encoder, () -> seed);
        } catch (ModelLoadException | RuntimeException e) {
            encoder.close();
            throw e;
        }
        String version = encoder.version() + "+" + head.hash();
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

    /** Why the models are not available, or null when they are. */
    public String failure() {
        return failure;
    }
}
