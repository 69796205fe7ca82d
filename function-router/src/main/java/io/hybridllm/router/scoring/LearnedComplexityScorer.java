package io.hybridllm.router.scoring;

import io.hybridllm.core.api.ChatMessage;
import io.hybridllm.core.model.InferenceException;
import io.hybridllm.core.routing.ComplexityScorer;
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

    /** Text to vector; the router passes its {@code SentenceEncoder}, training a cache in front of one. */
    @FunctionalInterface
    public interface Embedder {
        float[] embed(String text) throws InferenceException;
    }

    private final LearnedHead head;
    private final Embedder embedder;

    public LearnedComplexityScorer(LearnedHead head, Embedder embedder) {
        this.head = head;
        this.embedder = embedder;
    }

    @Override
    public double score(List<ChatMessage> conversation) {
        List<String> turns = new ArrayList<>();
        for (ChatMessage message : conversation) {
            if ("user".equals(message.role()) && message.content() != null && !message.content().isBlank()) {
                turns.add(message.content());
            }
        }
        if (turns.isEmpty()) {
            return 0.0;
        }
        double last = scoreText(turns.get(turns.size() - 1));
        if (turns.size() == 1) {
            return last;
        }
        // Most recent first, so that truncation to the encoder's token budget drops the oldest turns.
        List<String> earlier = new ArrayList<>(turns.subList(0, turns.size() - 1));
        java.util.Collections.reverse(earlier);
        return Math.max(last, scoreText(String.join("\n", earlier)));
    }

    /** The score of one text on its own. */
    public double scoreText(String text) {
        try {
            return head.score(head.logit(embedder.embed(text), TextFeatures.of(text)));
        } catch (InferenceException e) {
            // No verdict from the encoder: the heavy tier can answer anything, the light tier cannot.
            LOG.log(System.Logger.Level.WARNING, "learned scorer could not embed the request, scoring it 1: " + e.getMessage());
            return 1.0;
        }
    }

    @Override
    public String name() {
        return "learned:" + head.encoder();
    }
}
