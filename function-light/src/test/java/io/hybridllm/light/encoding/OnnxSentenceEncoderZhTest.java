package io.hybridllm.light.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridllm.core.model.ModelLoadException;
import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Chinese encoder (bge-small-zh-v1.5, INT8, CLS pooling). A @QuarkusTest only to share Quarkus'
 * class loader with the other tests (the tokenizer's native library loads once per JVM).
 */
@QuarkusTest
class OnnxSentenceEncoderZhTest {

    static OnnxSentenceEncoder encoder;

    @BeforeAll
    static void load() throws ModelLoadException {
        encoder = OnnxSentenceEncoder.load(EncoderVariant.ZH_INT8, 128, 1);
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    void reportsDimensionAndJarVersion() {
        assertEquals(512, encoder.dimension());
        assertEquals("bge-small-zh-v1.5-q@1.11.0-beta19", encoder.version());
    }

    @Test
    void synonymousBankingQuestionsAreCloserThanUnrelatedOnes() throws Exception {
        float[][] v = encoder.embed(List.of("我的卡丢了，怎么办？", "银行卡不见了该怎么处理", "转账手续费是多少",
                "今天晚上吃什么好呢"));
        double synonym = dot(v[0], v[1]);
        assertTrue(synonym > dot(v[0], v[2]) + 0.05, "synonym " + synonym + " vs other banking " + dot(v[0], v[2]));
        assertTrue(synonym > dot(v[0], v[3]) + 0.1, "synonym " + synonym + " vs unrelated " + dot(v[0], v[3]));
        for (float[] vector : v) {
            assertEquals(1.0, Math.sqrt(dot(vector, vector)), 1e-4);
        }
    }

    @Test
    void upperCaseLatinIsLowercasedBecauseTheVocabularyIsUncased() throws Exception {
        // Without lowercasing "ATM" is [UNK]; the vocabulary only has "atm".
        assertEquals(9, encoder.countTokens("我的ATM卡被吞了"));
        assertArrayEquals(encoder.embed(List.of("我的atm卡被吞了"))[0], encoder.embed(List.of("我的ATM卡被吞了"))[0],
                1e-6f);
    }

    /**
     * Cross-check against an independent implementation: scripts/bge_zh_reference.py runs the same
     * ONNX graph and tokenizer.json from the jar with Python onnxruntime 1.30 and Hugging Face
     * tokenizers (Java: onnxruntime 1.23.2, DJL tokenizers). Measured max abs difference per
     * component over the five reference texts: 7.3e-08 (2026-12-03), i.e. float rounding, so the Java
     * tokenisation (lowercasing included), inputs and CLS pooling match. The test allows 1e-4.
     */
    @Test
    void matchesPythonOnnxRuntimeReferenceVectors() throws Exception {
        JsonNode reference;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("encoding/bge-small-zh-reference.json")) {
            reference = new ObjectMapper().readTree(in);
        }
        double maxDiff = 0;
        for (JsonNode row : reference.get("rows")) {
            float[] java = encoder.embed(List.of(row.get("text").asText()))[0];
            JsonNode expected = row.get("vector");
            assertEquals(expected.size(), java.length);
            assertEquals(row.get("tokens").size(), encoder.countTokens(row.get("text").asText()),
                    "token count of " + row.get("text"));
            for (int d = 0; d < java.length; d++) {
                maxDiff = Math.max(maxDiff, Math.abs(java[d] - expected.get(d).asDouble()));
            }
        }
        System.out.printf("bge-small-zh Java vs Python onnxruntime %s: max abs difference %.2e%n",
                reference.get("onnxruntime").asText(), maxDiff);
        assertTrue(maxDiff < 1e-4, "max abs difference " + maxDiff);
    }

    @Test
    void clsPoolingTakesTheFirstTokenWhateverFollows() {
        float[] hidden = {
                3, 4, 100, 0, 0, 100,
                0, 2, 7, 7, -7, 42};
        long[] mask = {1, 1, 1, 1, 0, 0};
        float[][] pooled = OnnxSentenceEncoder.pool(Pooling.CLS, hidden, mask, 2, 3, 2);
        assertArrayEquals(new float[] {0.6f, 0.8f}, pooled[0], 1e-6f);
        assertArrayEquals(new float[] {0, 1}, pooled[1], 1e-6f);
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
