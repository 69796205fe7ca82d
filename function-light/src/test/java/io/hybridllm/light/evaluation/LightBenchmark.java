package io.hybridllm.light.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridllm.light.dataset.Banking77;
import io.hybridllm.light.dataset.LabelledText;
import io.hybridllm.light.encoding.EncoderVariant;
import io.hybridllm.light.encoding.OnnxSentenceEncoder;
import io.hybridllm.light.knowledge.IntentHead;
import io.hybridllm.light.knowledge.IntentPrediction;
import io.hybridllm.light.training.EmbeddingCache;
import io.hybridllm.light.training.HeadTrainer;
import io.hybridllm.light.training.ThresholdChoice;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * INT8 vs FP32: for each encoder, accuracy on banking77 test.csv and single-query latency (embed +
 * classify, one query at a time on one thread, after warm-up), plus ONNX model sizes.
 *
 * <p>INT8 uses the shipped head and its threshold. FP32 needs a head fitted on FP32 embeddings, so one
 * is fitted here with the shipped head's hyperparameters on the same 90 % split; it is never written.
 * Lives in test sources because it needs the FP32 jar and Tribuo, neither of which is deployed.
 *
 * <p>Run from the repository root:
 * {@code ./mvnw -o -q -pl function-light test-compile exec:java -Dexec.mainClass=io.hybridllm.light.evaluation.LightBenchmark}
 */
public final class LightBenchmark {

    public static void main(String[] args) throws Exception {
        int warmup = 200;
        Path data = Banking77.DEFAULT_DIR;
        List<LabelledText> test = Banking77.test(data);
        List<LabelledText> train = Banking77.train(data);
        List<String> intents = Banking77.categories(data);
        ObjectMapper mapper = new ObjectMapper();
        IntentHead shipped;
        double threshold;
        HeadTrainer.Settings settings;
        Path headFile = Banking77.moduleDir().resolve("src/main/resources/kb/banking77-head.json");
        try (InputStream in = Files.newInputStream(headFile)) {
            shipped = IntentHead.read(in, mapper);
        }
        var training = mapper.readTree(headFile.toFile()).path("training");
        threshold = training.path("confidence_threshold").asDouble(0.5);
        settings = new HeadTrainer.Settings(training.path("learning_rate").asDouble(0.1),
                training.path("epochs").asInt(3), training.path("minibatch").asInt(1), training.path("seed").asLong(77));
        EmbeddingCache cache = new EmbeddingCache(Banking77.moduleDir().resolve("target/embedding-cache"));
        System.out.printf("%-6s %9s %9s %9s %9s %9s %9s %9s%n", "model", "onnx_MB", "accuracy", "precision",
                "coverage", "p50_ms", "p99_ms", "qps");
        for (EncoderVariant variant : EncoderVariant.values()) {
            try (OnnxSentenceEncoder encoder = OnnxSentenceEncoder.load(variant, 128, 1)) {
                IntentHead head = shipped;
                if (!encoder.version().equals(shipped.encoderVersion())) {
                    float[][] x = cache.embed(encoder, train.stream().map(LabelledText::text).toList());
                    List<String> labels = train.stream().map(LabelledText::label).toList();
                    List<Integer> rows = HeadTrainer.split(labels, 0.1, 2024).get(0);
                    float[][] fitX = new float[rows.size()][];
                    for (int i = 0; i < rows.size(); i++) {
                        fitX[i] = x[rows.get(i)];
                    }
                    head = new HeadTrainer(settings).fit(fitX, rows.stream().map(labels::get).toList(), intents,
                            encoder.version()).head();
                }
                for (int i = 0; i < warmup; i++) {
                    head.predict(encoder.embed(List.of(test.get(i % test.size()).text()))[0]);
                }
                long[] nanos = new long[test.size()];
                double[] confidence = new double[test.size()];
                boolean[] correct = new boolean[test.size()];
                long start = System.nanoTime();
                for (int i = 0; i < test.size(); i++) {
                    long t0 = System.nanoTime();
                    IntentPrediction p = head.predict(encoder.embed(List.of(test.get(i).text()))[0]);
                    nanos[i] = System.nanoTime() - t0;
                    confidence[i] = p.confidence();
                    correct[i] = p.intent().equals(test.get(i).label());
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                Arrays.sort(nanos);
                ThresholdChoice.Operating all = ThresholdChoice.at(0.0, confidence, correct);
                ThresholdChoice.Operating at = ThresholdChoice.at(threshold, confidence, correct);
                System.out.printf("%-6s %9.1f %9.4f %9.4f %9.4f %9.2f %9.2f %9.1f%n", variant,
                        encoder.modelBytes() / 1e6, all.precision(), at.precision(), at.coverage(),
                        nanos[nanos.length / 2] / 1e6, nanos[(int) (nanos.length * 0.99)] / 1e6,
                        test.size() / seconds);
            }
        }
        System.out.printf("precision/coverage at threshold %.2f (chosen on the validation split for the INT8 head);"
                + " %d test queries, %d warm-up, 1 thread, intra-op threads 1%n", threshold, test.size(), warmup);
    }
}
