package io.hybridllm.core.routing;

import io.hybridllm.core.api.ChatMessage;
import io.hybridllm.core.api.SharedEmbedding;
import java.util.List;
import java.util.Optional;

/**
 * Estimates how much a conversation needs the heavy model. One method, one number in [0,1]:
 * 0 means the light tier surely suffices, 1 means only the heavy tier will do. Thresholds are
 * not the scorer's business; see {@link RoutingPolicy}.
 */
public interface ComplexityScorer {

    double score(List<ChatMessage> conversation);

    /**
     * The score, plus the embedding a scorer computed on the way when the light tier can reuse it. Scorers
     * that embed nothing keep this default.
     */
    default Assessment assess(List<ChatMessage> conversation) {
        return new Assessment(score(conversation), null, null);
    }

    /** A short name that goes into logs and response metadata. */
    String name();

    /**
     * @param score as {@link #score(List)}
     * @param embeddedText the text {@code embedding} is of; null with no embedding
     * @param embedding a shareable embedding of {@code embeddedText}, or null
     */
    record Assessment(double score, String embeddedText, SharedEmbedding embedding) {

        /** The embedding, only where it is of exactly {@code text} (what the light tier will read). */
        public Optional<SharedEmbedding> embeddingOf(String text) {
            return embedding != null && embeddedText != null && embeddedText.equals(text)
                    ? Optional.of(embedding) : Optional.empty();
        }
    }
}
