package io.hybridllm.router.scoring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.hybridllm.core.api.ChatMessage;
import io.hybridllm.core.api.SharedEmbedding;
import io.hybridllm.core.routing.ComplexityScorer;
import io.hybridllm.router.embedding.SentenceEncoder;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Which of the scorer's vectors may be shared with the light tier. */
class SharingEmbedderTest {

    private static SentenceEncoder encoder;
    private static LearnedComplexityScorer scorer;

    @BeforeAll
    static void load() throws Exception {
        LearnedHead head = LearnedHead.bundled();
        encoder = SentenceEncoder.forVersion(head.encoder(), 1);
        scorer = new LearnedComplexityScorer(head, LearnedComplexityScorer.sharing(encoder));
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    void aShortTextIsSharedWithItsTokenCount() throws Exception {
        String text = "How do I top up my account?";
        ComplexityScorer.Assessment assessment = scorer.assess(List.of(ChatMessage.user(text)));
        SharedEmbedding shared = assessment.embeddingOf(text).orElseThrow();
        assertEquals(encoder.model(), shared.encoder());
        assertEquals(encoder.tokens(text), shared.tokens());
        assertArrayEquals(encoder.embed(text), shared.vector());
        assertEquals(scorer.scoreText(text), assessment.score(), 1e-12);
        assertEquals(java.util.Optional.empty(), assessment.embeddingOf(text + " "));
    }

    /** The router cut the text at its budget; light, with another budget, would embed other tokens. */
    @Test
    void aTextThatFillsTheTokenBudgetIsNotShared() throws Exception {
        String text = "my card payment was declined again ".repeat(60);
        assertEquals(encoder.maxTokens(), encoder.tokens(text));
        assertNull(scorer.assess(List.of(ChatMessage.user(text))).embedding());
    }

    @Test
    void aMultiTurnAssessmentSharesTheLastTurnAndScoresTheConversation() throws Exception {
        List<ChatMessage> conversation = List.of(
                ChatMessage.user("Prove that there are infinitely many primes, step by step."),
                ChatMessage.assistant("Suppose finitely many..."),
                ChatMessage.user("thanks, and how do I top up?"));
        ComplexityScorer.Assessment assessment = scorer.assess(conversation);
        assertArrayEquals(encoder.embed("thanks, and how do I top up?"),
                assessment.embeddingOf("thanks, and how do I top up?").orElseThrow().vector());
        assertEquals(scorer.score(conversation), assessment.score(), 1e-12);
        assertEquals(Math.max(scorer.scoreText("thanks, and how do I top up?"),
                scorer.scoreText("Prove that there are infinitely many primes, step by step.")), assessment.score(), 1e-12);
    }
}
