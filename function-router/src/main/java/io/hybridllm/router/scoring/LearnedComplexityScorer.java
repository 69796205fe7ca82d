package io.hybridllm.router.scoring;

import io.hybridllm.core.api.ChatMessage;
import io.hybridllm.core.api.SharedEmbedding;
import io.hybridllm.core.model.InferenceException;
import io.hybridllm.core.routing.ComplexityScorer;
import io.hybridllm.router.embedding.SentenceEncoder;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores a conversation with the learned head: sentence embedding plus {@link TextFeatures} of the last
 * user message, mapped to [0,1] by {@link LearnedHead#score(double)}.
 *
 * <p>It reads the whole conversation: when earlier user turns exist, they are scored too, as one text,
 * and the conversation gets the higher of the two scores. A vague follow-up ("and what about the second
 * one?") carries no difficulty of its own; the question it refers to does. The cost is a second
 * embedding for multi-turn requests only, and an easy follow-up to a hard question stays heavy.
 */
public final class LearnedComplexityScorer implements ComplexityScorer {

    // System.Logger: the harness evaluates this class without the router's logging library.
    private static final System.Logger LOG = System.getLogger(LearnedComplexityScorer.class.getName());

    /** Text to vector; the router passes its {@code SentenceEncoder} ({@link #sharing}), training a cache in front of one. */
    @FunctionalInterface
    public interface Embedder {
        float[] embed(String text) throws InferenceException;

        /** The vector, and a form of it the light tier can reuse where this embedder can vouch for one. */
        default Embedded embedShareable(String text) throws InferenceException {
            return new Embedded(embed(text), null);
        }
    }

    /** @param shared null where the vector is not to be shared */
    public record Embedded(float[] vector, SharedEmbedding shared) {}

    /**
     * The serving embedder: the encoder's vectors, shared under the encoder's {@link SentenceEncoder#model()}
     * name unless the text filled the token budget (the light tier may truncate elsewhere) or the vector
     * fails the checks the light tier applies (it would answer 400).
     */
    public static Embedder sharing(SentenceEncoder encoder) {
        return new Embedder() {
            @Override
            public float[] embed(String text) throws InferenceException {
                return encoder.embed(text);
            }

            @Override
            public Embedded embedShareable(String text) throws InferenceException {
                SentenceEncoder.Encoded encoded = encoder.encode(text);
                SharedEmbedding shared = new SharedEmbedding(encoder.model(), encoded.tokens(), encoded.vector());
                boolean shareable = !encoded.truncated() && shared.problem().isEmpty();
                return new Embedded(encoded.vector(), shareable ? shared : null);
            }
        };
    }

    private final LearnedHead head;
    private final Embedder embedder;

    public LearnedComplexityScorer(LearnedHead head, Embedder embedder) {
        this.head = head;
        this.embedder = embedder;
    }

    @Override
    public double score(List<ChatMessage> conversation) {
        return assess(conversation).score();
    }

    /** As {@link #score}, with the last user turn's embedding for the light tier where it can be shared. */
    @Override
    public Assessment assess(List<ChatMessage> conversation) {
        List<String> turns = new ArrayList<>();
        for (ChatMessage message : conversation) {
            if ("user".equals(message.role()) && message.content() != null && !message.content().isBlank()) {
                turns.add(message.content());
            }
        }
        if (turns.isEmpty()) {
            return new Assessment(0.0, null, null);
        }
        String lastText = turns.get(turns.size() - 1);
        Embedded lastEmbedded;
        try {
            lastEmbedded = embedder.embedShareable(lastText);
        } catch (InferenceException e) {
            return new Assessment(unembeddable(e), null, null);
        }
        double last = head.score(head.logit(lastEmbedded.vector(), TextFeatures.of(lastText)));
        if (turns.size() == 1) {
            return new Assessment(last, lastText, lastEmbedded.shared());
        }
        // Most recent first, so that truncation to the encoder's token budget drops the oldest turns.
        List<String> earlier = new ArrayList<>(turns.subList(0, turns.size() - 1));
        java.util.Collections.reverse(earlier);
        // Only the last turn's vector is shared: it is the text the light tier answers.
        return new Assessment(Math.max(last, scoreText(String.join("\n", earlier))), lastText, lastEmbedded.shared());
    }

    /** The score of one text on its own. */
    public double scoreText(String text) {
        try {
            return head.score(head.logit(embedder.embed(text), TextFeatures.of(text)));
        } catch (InferenceException e) {
            return unembeddable(e);
        }
    }

    private static double unembeddable(InferenceException e) {
        // No verdict from the encoder: the heavy tier can answer anything, the light tier cannot.
        LOG.log(System.Logger.Level.WARNING, "learned scorer could not embed the request, scoring it 1: " + e.getMessage());
        return 1.0;
    }

    @Override
    public String name() {
        return "learned:" + head.encoder();
    }
}
