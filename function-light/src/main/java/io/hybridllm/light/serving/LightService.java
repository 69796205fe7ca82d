package io.hybridllm.light.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridllm.core.api.ApiError;
import io.hybridllm.core.api.ApiException;
import io.hybridllm.core.api.ChatCompletionRequest;
import io.hybridllm.core.api.ChatCompletionResponse;
import io.hybridllm.core.api.EmbeddingRequest;
import io.hybridllm.core.api.EmbeddingResponse;
import io.hybridllm.core.api.HybridInfo;
import io.hybridllm.core.api.SharedEmbedding;
import io.hybridllm.core.model.InferenceException;
import io.hybridllm.core.validation.RequestParser;
import io.hybridllm.light.config.LightConfig;
import io.hybridllm.light.config.LimitsConfig;
import io.hybridllm.light.encoding.OnnxSentenceEncoder;
import io.hybridllm.light.knowledge.ExampleMatch;
import io.hybridllm.light.knowledge.IntentPrediction;
import io.hybridllm.light.knowledge.KnowledgeEntry;
import io.hybridllm.light.knowledge.LiveKnowledge;
import io.hybridllm.light.language.Language;
import io.hybridllm.light.language.LanguageDetector;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jboss.logging.Logger;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The light tier: detect the last user message's language (English or Chinese, see
 * {@link LanguageDetector}), embed it with that language's encoder, classify its banking77 intent, and
 * answer from that language's knowledge base when confident; otherwise return the best guess flagged
 * {@code abstained} so the router escalates to the heavy tier. Other scripts abstain with reason
 * {@code unsupported_language}. The reason names the language used, e.g. {@code confident;language=zh}.
 */
@ApplicationScoped
public class LightService {

    private static final Logger LOG = Logger.getLogger(LightService.class);

    /** Sent when there is nothing to classify; the router escalates on {@code abstained} anyway. */
    static final String EMPTY_QUERY_ANSWER =
            "Please tell me what you need help with, for example a card, a payment or a transfer.";

    /** Sent for a script no loaded model reads; the router escalates on {@code abstained}. */
    static final String UNSUPPORTED_LANGUAGE_ANSWER = "Sorry, I can only answer questions in English or Chinese (中文).";
    /** Sent with an abstention when the predicted intent's entry was deleted; the router escalates. */
    static final String INTENT_REMOVED_ANSWER = "I cannot answer that here; let me pass your question on.";

    /** Appended to {@code hybrid.reason} when the router's embedding was used instead of embedding the query. */
    static final String EMBEDDING_SHARED = ";embedding=shared";

    /** Chat queries by what became of the router's embedding: used, absent, encoder_mismatch, too_long. */
    static final String SHARED_EMBEDDING_METRIC = "hybrid.light.shared.embedding";

    static final String ENGLISH_ONLY_ANSWER = "Sorry, I can only answer questions in English.";

    private final LightModels models;
    private final LightConfig config;
    private final RequestParser parser;
    private final MeterRegistry registry;
    private final Timer classifyTimer;
    private final Counter embeddingInputs;
    /** Token counts of answers, per encoder (one per language), by answer text (see {@link #answerTokens}). */
    private final Map<OnnxSentenceEncoder, Map<String, Integer>> answerTokenCounts = new ConcurrentHashMap<>();
    private static final int MAX_CACHED_ANSWERS = 10_000;

    public LightService(LightModels models, LightConfig config, LimitsConfig limits, ObjectMapper mapper,
                        MeterRegistry registry) {
        this.models = models;
        this.config = config;
        this.parser = new RequestParser(mapper, limits.toLimits());
        this.registry = registry;
        this.classifyTimer = Timer.builder("hybrid.light.classify")
                .description("Embedding plus intent classification of one chat query")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        this.embeddingInputs = Counter.builder("hybrid.light.embedding.inputs")
                .description("Texts embedded through /v1/embeddings")
                .register(registry);
    }

    public RequestParser parser() {
        return parser;
    }

    public ChatCompletionResponse chat(ChatCompletionRequest request) {
        LightModels.Loaded loaded = require();
        String query = request.lastUserContent();
        String id = "chatcmpl-light-" + UUID.randomUUID();
        if (query == null || query.isBlank()) {
            count(true, "empty_query", "none");
            return ChatCompletionResponse.of(id, config.modelId(), EMPTY_QUERY_ANSWER, "stop",
                    ChatCompletionResponse.Usage.of(0, loaded.encoder().countTokens(EMPTY_QUERY_ANSWER)),
                    HybridInfo.light(true, null, 0.0, "empty_query"));
        }
        Language language = LanguageDetector.detect(query);
        LightModels.Loaded model = switch (language) {
            case EN -> loaded;
            case ZH -> models.chinese();
            case UNSUPPORTED -> null;
        };
        if (model == null) {
            // Chinese with the Chinese model disabled lands here too: no model of ours reads it.
            String answer = models.chinese() == null ? ENGLISH_ONLY_ANSWER : UNSUPPORTED_LANGUAGE_ANSWER;
            count(true, "unsupported_language", language.code());
            return ChatCompletionResponse.of(id, config.modelId(), answer, "stop",
                    ChatCompletionResponse.Usage.of(0, loaded.encoder().countTokens(answer)),
                    HybridInfo.light(true, null, 0.0, "unsupported_language"));
        }
        model.knowledge().refreshIfDue();
        LiveKnowledge.Current knowledge = model.knowledge().current();
        IntentPrediction prediction;
        Optional<ExampleMatch> example;
        int queryTokens;
        float[] shared = reusable(request.sharedEmbedding(), model.encoder());
        Timer.Sample sample = Timer.start(registry);
        try {
            float[] embedding;
            if (shared != null) {
                embedding = shared;
                // Used only when it fits this encoder's truncation: the router's count is this encoder's.
                queryTokens = request.sharedEmbedding().tokens();
            } else {
                OnnxSentenceEncoder.EmbeddedQuery embedded = model.encoder().embedQuery(query);
                queryTokens = embedded.tokens();
                embedding = embedded.vector();
            }
            prediction = model.head().predict(embedding);
            example = knowledge.nearestExample(language.code(), embedding);
        } catch (InferenceException e) {
            LOG.error("light model inference failed", e);
            throw new ApiException(ApiError.internal("light model inference failed"));
        } finally {
            sample.stop(classifyTimer);
        }
        Decision decision = decide(knowledge, language.code(), prediction, example, model.threshold());
        count(decision.abstained(), decision.reason(), language.code());
        return ChatCompletionResponse.of(id, config.modelId(), decision.answer(), "stop",
                ChatCompletionResponse.Usage.of(queryTokens, answerTokens(model, decision.answer())),
                HybridInfo.light(decision.abstained(), decision.intent(), round(decision.confidence()),
                        decision.reason() + ";language=" + language.code() + (shared != null ? EMBEDDING_SHARED : "")));
    }

    /**
     * The router's vector where it is the one this encoder would compute for the query: same encoder and jar,
     * and no more tokens than this encoder keeps (the router shares only untruncated texts, so both saw the
     * same tokens). Otherwise null, and the query is embedded here. A vector that claims this encoder but
     * has another dimension is a 400. A well-formed but wrong vector can only make a wrong answer: it picks
     * an intent, whose answer comes from our knowledge base, and the confidence threshold still applies.
     */
    private float[] reusable(SharedEmbedding shared, OnnxSentenceEncoder encoder) {
        String outcome;
        if (shared == null) {
            outcome = "absent";
        } else if (!shared.encoder().equals(encoder.version())) {
            outcome = "encoder_mismatch";
        } else if (shared.tokens() > encoder.maxSequenceLength()) {
            outcome = "too_long";
        } else if (shared.vector().length != encoder.dimension()) {
            throw new ApiException(ApiError.invalidRequest(400, "'" + SharedEmbedding.FIELD + ".vector' has "
                    + shared.vector().length + " numbers; encoder " + encoder.version() + " makes "
                    + encoder.dimension(), SharedEmbedding.FIELD + ".vector", "invalid_shared_embedding"));
        } else {
            outcome = "used";
        }
        registry.counter(SHARED_EMBEDDING_METRIC, "outcome", outcome).increment();
        return "used".equals(outcome) ? shared.vector() : null;
    }

    /**
     * Tokens of a canned answer. Answers repeat (one per knowledge entry), so their counts are kept
     * rather than re-tokenised per request; the map is dropped whole if knowledge churn ever grows it.
     */
    private int answerTokens(LightModels.Loaded model, String answer) {
        Map<String, Integer> counts = answerTokenCounts.computeIfAbsent(model.encoder(),
                encoder -> new ConcurrentHashMap<>());
        if (counts.size() > MAX_CACHED_ANSWERS) {
            counts.clear();
        }
        return counts.computeIfAbsent(answer, text -> model.encoder().countTokens(text));
    }

    /** What the light tier says about one query, and why. */
    record Decision(String intent, double confidence, boolean abstained, String reason, String answer) {}

    /**
     * A curated example almost identical to the query wins (reason {@code example_match}); otherwise
     * the head's intent is answered when confident, and abstains when not ({@code below_threshold}) or
     * when its entry was deleted ({@code intent_removed}).
     */
    private Decision decide(LiveKnowledge.Current knowledge, String language, IntentPrediction prediction,
                            Optional<ExampleMatch> example, double threshold) {
        if (example.isPresent() && example.get().similarity() >= config.exampleMatchThreshold()) {
            String answer = knowledge.snapshot().answer(language, example.get().intent());
            if (answer != null) {
                return new Decision(example.get().intent(), Math.min(1.0, example.get().similarity()), false,
                        "example_match", answer);
            }
        }
        String answer = knowledge.snapshot().answer(language, KnowledgeEntry.knowledgeIntent(prediction.intent()));
        if (answer == null) {
            return new Decision(prediction.intent(), prediction.confidence(), true, "intent_removed",
                    INTENT_REMOVED_ANSWER);
        }
        if (prediction.outOfScope()) {
            return new Decision(prediction.intent(), prediction.confidence(), true, "out_of_scope", answer);
        }
        boolean abstained = prediction.confidence() < threshold;
        return new Decision(prediction.intent(), prediction.confidence(), abstained,
                abstained ? "below_threshold" : "confident", answer);
    }

    public EmbeddingResponse embeddings(EmbeddingRequest request) {
        LightModels.Loaded loaded = require();
        // English unless the request names the Chinese embedding model (and Chinese is loaded).
        String modelId = config.modelId();
        if (models.chinese() != null && config.zh().embeddingModelId().equals(request.model())) {
            loaded = models.chinese();
            modelId = config.zh().embeddingModelId();
        }
        try {
            float[][] vectors = loaded.encoder().embed(request.input());
            int tokens = 0;
            for (String text : request.input()) {
                tokens += loaded.encoder().countTokens(text);
            }
            embeddingInputs.increment(request.input().size());
            return EmbeddingResponse.of(modelId, vectors, tokens);
        } catch (InferenceException e) {
            LOG.error("light model inference failed", e);
            throw new ApiException(ApiError.internal("light model inference failed"));
        }
    }

    /** The model id and the version that changes whenever either language's encoder, head or answers change. */
    public ModelList models() {
        require();
        return new ModelList("list", List.of(new ModelList.Model(config.modelId(), "model", "hybrid-llm",
                models.version())));
    }

    private LightModels.Loaded require() {
        LightModels.Loaded loaded = models.current();
        if (loaded == null) {
            // The load failure (paths, resource names) stays in the log; clients get a fixed message.
            throw new ApiException(ApiError.unavailable("the light model is not loaded; see the function's log",
                    "model_not_loaded"));
        }
        return loaded;
    }

    private void count(boolean abstained, String reason, String language) {
        registry.counter("hybrid.light.requests", "outcome", abstained ? "abstained" : "answered",
                "reason", reason, "language", language).increment();
    }

    private static double round(double value) {
        return Math.round(value * 1e6) / 1e6;
    }
}
