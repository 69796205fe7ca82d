package io.hybridllm.router.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridllm.core.api.ChatMessage;
import io.hybridllm.router.embedding.SentenceEncoder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bundled learned scorer on a small labelled set of multi-turn conversations
 * ({@code scoring/multi-turn.jsonl}): six hard conversations that end in a vague follow-up ("and what
 * about the second one?") must reach the heavy tier, six customer-service ones must not, at the router's
 * default threshold.
 */
class MultiTurnScoringTest {

    private static SentenceEncoder encoder;
    private static LearnedComplexityScorer scorer;
    private static double threshold;

    private record Labelled(boolean heavy, List<ChatMessage> messages) {}

    @BeforeAll
    static void load() throws Exception {
        LearnedHead head = LearnedHead.bundled();
        encoder = SentenceEncoder.forVersion(head.encoder(), 1);
        scorer = new LearnedComplexityScorer(head, encoder::embed);
        threshold = defaultThreshold();
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    void hardConversationsStayHeavyAndServiceConversationsStayLight() throws Exception {
        List<Labelled> set = read();
        assertEquals(12, set.size());
        List<String> wrong = new ArrayList<>();
        int followUpsThatWouldFallAlone = 0;
        for (Labelled c : set) {
            double score = scorer.score(c.messages());
            if ((score >= threshold) != c.heavy()) {
                wrong.add(String.format("%.3f %s", score, c.messages().get(0).content()));
            }
            String last = c.messages().get(c.messages().size() - 1).content();
            if (c.heavy() && scorer.scoreText(last) < threshold) {
                followUpsThatWouldFallAlone++;
            }
        }
        assertTrue(wrong.isEmpty(), "misrouted at threshold " + threshold + ": " + wrong);
        // The set really tests the conversation: most hard follow-ups, read alone, would go light.
        assertTrue(followUpsThatWouldFallAlone >= 5, "only " + followUpsThatWouldFallAlone + " follow-ups need context");
    }

    @Test
    void aFollowUpScoresAtLeastAsHighAsTheQuestionItFollows() {
        List<ChatMessage> conversation = List.of(
                ChatMessage.user("A 2 kg block slides down a 30 degree incline with a coefficient of kinetic friction "
                        + "of 0.2. Compute its acceleration and the time it takes to slide 5 m from rest."),
                ChatMessage.assistant("About 3.2 m/s^2 and 1.77 s."),
                ChatMessage.user("and with no friction?"));
        double question = scorer.scoreText(conversation.get(0).content());
        assertEquals(question, scorer.score(conversation), 1e-9);
        assertTrue(scorer.scoreText("and with no friction?") < question);
    }

    private static List<Labelled> read() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<Labelled> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                MultiTurnScoringTest.class.getClassLoader().getResourceAsStream("scoring/multi-turn.jsonl"),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = json.readTree(line);
                List<ChatMessage> messages = new ArrayList<>();
                node.path("messages").forEach(m -> messages.add(new ChatMessage(m.path("role").asText(),
                        m.path("content").asText())));
                out.add(new Labelled("heavy".equals(node.path("expect").asText()), messages));
            }
        }
        return out;
    }

    /** The threshold the router uses when nothing is configured: read from RouterConfig's default. */
    private static double defaultThreshold() throws Exception {
        var method = io.hybridllm.router.config.RouterConfig.class.getMethod("threshold");
        return Double.parseDouble(method.getAnnotation(io.smallrye.config.WithDefault.class).value());
    }
}
