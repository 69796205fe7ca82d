package io.hybridllm.light.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridllm.core.model.ModelLoadException;
import io.hybridllm.light.dataset.Banking77;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntentHeadTest {

    final ObjectMapper mapper = new ObjectMapper();

    IntentHead tiny(float bias) {
        return new IntentHead(List.of("a", "b"), new float[][] {{2, 0}, {0, 2}}, new float[] {0, bias}, "enc@1");
    }

    @Test
    void softmaxPicksTheLargerLogitAndSumsToOne() {
        IntentHead head = tiny(0);
        double[] p = head.probabilities(new float[] {1, 0});
        assertEquals(1.0, p[0] + p[1], 1e-12);
        assertEquals(1 / (1 + Math.exp(-2)), p[0], 1e-12);
        IntentPrediction prediction = head.predict(new float[] {0, 1});
        assertEquals("b", prediction.intent());
        assertEquals(p[0], prediction.confidence(), 1e-12);
    }

    @Test
    void hugeLogitsStayFinite() {
        IntentHead head = new IntentHead(List.of("a", "b"), new float[][] {{1e6f}, {0}}, new float[] {0, 0}, "e");
        assertEquals(1.0, head.predict(new float[] {1}).confidence(), 1e-12);
    }

    @Test
    void hashFollowsTheNumbers() {
        assertEquals(tiny(0).hash(), tiny(0).hash());
        assertNotEquals(tiny(0).hash(), tiny(0.001f).hash());
    }

    @Test
    void writesAndReadsBack() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        tiny(0.5f).write(out, mapper, Map.of("confidence_threshold", 0.4));
        IntentHead read = IntentHead.read(new ByteArrayInputStream(out.toByteArray()), mapper);
        assertEquals(tiny(0.5f).hash(), read.hash());
        assertEquals("enc@1", read.encoderVersion());
    }

    @Test
    void rejectsForeignOrBrokenFiles() {
        assertThrows(ModelLoadException.class, () -> IntentHead.read(stream("{\"format\":\"other\"}"), mapper));
        assertThrows(ModelLoadException.class, () -> IntentHead.read(stream("not json"), mapper));
        assertThrows(ModelLoadException.class, () -> IntentHead.read(stream("{\"format\":\"hybrid-llm/intent-head/v1\","
                + "\"dimension\":2,\"intents\":[\"a\"],\"weights\":[[1,2],[3,4]],\"bias\":[0]}"), mapper));
        assertThrows(IllegalArgumentException.class, () -> tiny(0).predict(new float[] {1, 2, 3}));
    }

    @Test
    void shippedHeadAndAnswersCoverEveryBanking77Intent() throws Exception {
        List<String> categories = Banking77.categories(Banking77.DEFAULT_DIR);
        IntentHead head;
        KnowledgeBase kb;
        try (InputStream in = resource("kb/banking77-head.json")) {
            head = IntentHead.read(in, mapper);
        }
        try (InputStream in = resource("kb/banking77-answers.json")) {
            kb = KnowledgeBase.read(in, mapper);
        }
        assertEquals(77, categories.size());
        assertEquals(categories, head.answerableIntents());
        assertEquals(IntentHead.OUT_OF_SCOPE, head.intents().get(head.intents().size() - 1));
        assertEquals(384, head.dimension());
        assertEquals("Kestrel Bank", kb.bank());
        assertEquals(77, kb.size());
        kb.requireAnswersFor(categories);
        for (String intent : categories) {
            String answer = kb.answer(intent);
            assertTrue(answer.length() >= 40 && answer.length() <= 400, intent + ": " + answer);
        }
    }

    @Test
    void knowledgeBaseReportsMissingAnswers() {
        KnowledgeBase kb = new KnowledgeBase("Kestrel Bank", Map.of("a", "Answer a."));
        assertThrows(ModelLoadException.class, () -> kb.requireAnswersFor(List.of("a", "b")));
        assertNotEquals(kb.hash(), new KnowledgeBase("Kestrel Bank", Map.of("a", "Answer A.")).hash());
    }

    static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    static InputStream resource(String name) {
        return IntentHeadTest.class.getClassLoader().getResourceAsStream(name);
    }
}
