package io.hybridllm.light.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridllm.core.model.ModelLoadException;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A @QuarkusTest only so that it shares Quarkus' class loader: the tokenizer's native library can be
 * loaded by one class loader per JVM, and the Quarkus tests in this fork load it too.
 */
@QuarkusTest
class OnnxSentenceEncoderTest {

    static OnnxSentenceEncoder encoder;

    @BeforeAll
    static void load() throws ModelLoadException {
        encoder = OnnxSentenceEncoder.load(EncoderVariant.MINILM_INT8, 128, 1);
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    void reportsDimensionAndJarVersion() {
        assertEquals(384, encoder.dimension());
        assertEquals("all-minilm-l6-v2-q@1.19.0-beta29", encoder.version());
    }

    @Test
    void vectorsHaveUnitNorm() throws Exception {
        for (float[] v : encoder.embed(List.of("hello", "How do I order a new card?", "x"))) {
            assertEquals(384, v.length);
            assertEquals(1.0, norm(v), 1e-4);
        }
    }

    @Test
    void paraphraseIsCloserThanUnrelatedSentence() throws Exception {
        float[][] v = encoder.embed(List.of("My card has not arrived yet", "I am still waiting for my new card",
                "What is the capital of France?"));
        double paraphrase = dot(v[0], v[1]);
        double unrelated = dot(v[0], v[2]);
        assertTrue(paraphrase > unrelated + 0.2, "paraphrase " + paraphrase + " vs unrelated " + unrelated);
    }

    @Test
    void aTextGetsTheSameVectorAloneAndAmongOthers() throws Exception {
        // INT8 runs one text per ONNX call (see EncoderVariant#batchSize), so this checks that embed()
        // keeps the order of its inputs; padding inside real batches is checked on FP32 below.
        List<String> texts = List.of("hi",
                "I was charged twice for the same coffee this morning and the second payment is still pending, "
                        + "can you refund one of them please?",
                "Where is my card?");
        float[][] batch = encoder.embed(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertArrayEquals(encoder.embed(List.of(texts.get(i)))[0], batch[i], 1e-5f, "text " + i);
        }
    }

    @Test
    void poolingIgnoresPaddedPositions() {
        // Two sequences of length 3; the second has one real token and two padded ones full of noise.
        float[] hidden = {
                1, 0, 3, 0, 5, 0,
                0, 2, 100, -100, -7, 42};
        long[] mask = {1, 1, 1, 1, 0, 0};
        float[][] pooled = OnnxSentenceEncoder.pool(Pooling.MEAN, hidden, mask, 2, 3, 2);
        assertArrayEquals(new float[] {1, 0}, pooled[0], 1e-6f);
        assertArrayEquals(new float[] {0, 1}, pooled[1], 1e-6f);
    }

    @Test
    void longInputIsTruncatedNotRejected() throws Exception {
        String longText = "card ".repeat(2000);
        assertEquals(128, encoder.countTokens(longText));
        assertEquals(1.0, norm(encoder.embed(List.of(longText))[0]), 1e-4);
    }

    @Test
    void emptyListGivesNoVectors() throws Exception {
        assertEquals(0, encoder.embed(List.of()).length);
    }

    @Test
    void fp32VariantLoadsByConfigurationAndAgreesWithInt8() throws Exception {
        try (OnnxSentenceEncoder fp32 = OnnxSentenceEncoder.load(EncoderVariant.MINILM_FP32, 128, 1)) {
            assertEquals("all-minilm-l6-v2@1.19.0-beta29", fp32.version());
            String text = "How do I activate my new card?";
            double cosine = dot(fp32.embed(List.of(text))[0], encoder.embed(List.of(text))[0]);
            // Quantisation moves the vector a little, not a lot.
            assertTrue(cosine > 0.9 && cosine < 0.99999, "cosine " + cosine);
            // FP32 really batches (32 per run), so this checks padding plus masking end to end.
            List<String> texts = List.of("hi", "I was charged twice for the same coffee this morning and the "
                    + "second payment is still pending, can you refund one of them please?", "Where is my card?");
            float[][] batch = fp32.embed(texts);
            for (int i = 0; i < texts.size(); i++) {
                assertArrayEquals(fp32.embed(List.of(texts.get(i)))[0], batch[i], 1e-5f, "fp32 text " + i);
            }
        }
    }

    @Test
    void concurrentQueriesAreMicroBatchedAndKeepTheirOwnVectors() throws Exception {
        List<String> texts = List.of("Where is my card?", "I was charged twice for one coffee",
                "How do I top up by bank transfer?", "My PIN is blocked", "Can I get a virtual card?",
                "What is the exchange rate today?", "Why was my transfer declined?", "hi");
        float[][] alone = encoder.embed(texts);
        try (OnnxSentenceEncoder batching = OnnxSentenceEncoder.load(EncoderVariant.MINILM_INT8, 128, 1, 8)) {
            ExecutorService pool = Executors.newFixedThreadPool(texts.size());
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Double>> worst = new ArrayList<>();
            for (int t = 0; t < texts.size(); t++) {
                int index = t;
                worst.add(pool.submit(() -> {
                    go.await();
                    double min = 1;
                    for (int round = 0; round < 25; round++) {
                        min = Math.min(min, dot(batching.embed(List.of(texts.get(index)))[0], alone[index]));
                    }
                    return min;
                }));
            }
            go.countDown();
            for (int t = 0; t < texts.size(); t++) {
                // Each caller gets its own text's vector: batched INT8 differs from a lone run by the
                // per-batch activation scale (measured cosine 0.982-0.999), a neighbour's vector by far more.
                double cosine = worst.get(t).get(60, TimeUnit.SECONDS);
                assertTrue(cosine > 0.95, "text " + t + ": worst cosine to its lone vector " + cosine);
            }
            pool.shutdown();
            assertTrue(batching.meanMicroBatch() > 1.0, "8 concurrent callers never shared a run");
        }
        assertThrows(ModelLoadException.class, () -> OnnxSentenceEncoder.load(EncoderVariant.MINILM_INT8, 128, 1, 0));
    }

    @Test
    void rejectsAbsurdSequenceLength() {
        assertThrows(ModelLoadException.class, () -> OnnxSentenceEncoder.load(EncoderVariant.MINILM_INT8, 4, 1));
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double norm(float[] v) {
        return Math.sqrt(dot(v, v));
    }
}
