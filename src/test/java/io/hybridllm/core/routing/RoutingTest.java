package io.hybridllm.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridllm.core.api.ChatMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingTest {

    private final ComplexityScorer scorer = new FeatureComplexityScorer();

    private double score(String text) {
        return scorer.score(List.of(ChatMessage.user(text)));
    }

    @Test
    void policyComparesAtOnePlace() {
        RoutingPolicy policy = new RoutingPolicy(0.5);
        assertEquals(Tier.HEAVY, policy.decide(0.5).tier());
        assertEquals(Tier.LIGHT, policy.decide(0.4999).tier());
        assertThrows(IllegalArgumentException.class, () -> new RoutingPolicy(1.5));
        assertThrows(IllegalArgumentException.class, () -> policy.decide(Double.NaN));
    }

    @Test
    void customerQuestionsScoreBelowMathsAndExamQuestions() {
        double card = score("Where is my new card? It still hasn't arrived.");
        double maths = score("Natalia sold clips to 48 of her friends in April, and then she sold half as many "
                + "clips in May. How many clips did Natalia sell altogether in April and May?");
        double exam = score("Which of the following is a prime number?\nA. 21\nB. 27\nC. 29\nD. 33");
        assertTrue(card < 0.5, "card " + card);
        assertTrue(maths >= 0.5, "maths " + maths);
        assertTrue(exam >= 0.5, "exam " + exam);
    }

    @Test
    void scoresStayInTheUnitInterval() {
        for (String text : List.of("", "x", "1+1=2 ".repeat(500), "why ".repeat(1000))) {
            double s = score(text);
            assertTrue(s >= 0.0 && s <= 1.0, text.length() + " -> " + s);
        }
    }

    @Test
    void aFollowUpInAHardConversationStaysHard() {
        List<ChatMessage> conversation = List.of(
                ChatMessage.user("Solve step by step: a train travels 120 km in 1.5 hours and then 80 km in 2 hours. "
                        + "What is its average speed over the whole trip?"),
                ChatMessage.assistant("The average speed is 200 km / 3.5 h = 57.1 km/h."),
                ChatMessage.user("and what about the second one?"));
        double followUp = scorer.score(conversation);
        double alone = score("and what about the second one?");
        assertTrue(followUp > alone, followUp + " vs " + alone);
        assertTrue(followUp >= 0.5, "follow-up " + followUp);
    }
}
