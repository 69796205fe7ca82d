package io.hybridllm.light.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hybridllm.light.dataset.Banking77;
import io.hybridllm.light.dataset.Banking77Zh;
import io.hybridllm.light.dataset.LabelledText;
import io.hybridllm.light.dataset.OutOfScope;
import io.hybridllm.light.encoding.EncoderVariant;
import io.hybridllm.light.encoding.OnnxSentenceEncoder;
import io.hybridllm.light.knowledge.IntentHead;
import io.hybridllm.light.knowledge.IntentPrediction;
import io.hybridllm.light.language.Language;
import io.hybridllm.light.language.LanguageDetector;
import io.hybridllm.light.training.EmbeddingCache;
import io.hybridllm.light.training.HeadTrainer;
import io.hybridllm.light.training.TrainIntentHead;
import io.hybridllm.light.training.TrainingRows;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The light tier's quality report: banking77 precision/coverage curve and accuracy of the shipped
 * INT8 encoder + head, the out-of-scope leak at the serving threshold, INT8 against FP32 (accuracy,
 * size, single-thread latency), and the Chinese model when it is on the classpath. Prints a summary
 * and writes {@code target/light-report.json} under the directory it runs in.
 *
 * <p>Nothing here feeds back into training: test.csv, CLINC150's out-of-scope test split, GSM8K and
 * MMLU are only read. Embeddings are cached under {@code function-light/target/embedding-cache}, so a
 * second run skips the encoding.
 *
 * <p>Run from the repository root: {@code ./light-report.sh} (builds, then runs this class).
 */
public final class LightReport {

    /** Coverage levels of the curve, in percent. */
    static final int[] CURVE_COVERAGES = {50, 55, 60, 65, 70, 75, 80, 85, 90, 95, 100};

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/light-report.json");
        int latencyQueries = 1000;
        int warmup = 200;
        ObjectMapper mapper = new ObjectMapper();
        Path headFile = Banking77.moduleDir().resolve("src/main/resources/kb/banking77-head.json");
        IntentHead shipped;
        try (InputStream in = Files.newInputStream(headFile)) {
            shipped = IntentHead.read(in, mapper);
        }
        JsonNode training = mapper.readTree(headFile.toFile()).path("training");
        double threshold = training.path("confidence_threshold").asDouble();
        HeadTrainer.Settings settings = new HeadTrainer.Settings(training.path("learning_rate").asDouble(),
                training.path("epochs").asInt(), training.path("minibatch").asInt(1), training.path("seed").asLong());

        Path data = Banking77.DEFAULT_DIR;
        List<String> intents = new ArrayList<>(Banking77.categories(data));
        intents.add(IntentHead.OUT_OF_SCOPE);
        List<LabelledText> train = Banking77.train(data);
        List<LabelledText> test = Banking77.test(data);
        List<String> testTexts = test.stream().map(LabelledText::text).toList();
        List<String> testLabels = test.stream().map(LabelledText::label).toList();
        Map<String, List<String>> outOfScope = new LinkedHashMap<>();
        outOfScope.put("clinc150OosTest", OutOfScope.clinc("test"));
        outOfScope.put("gsm8k", OutOfScope.gsm8k());
        outOfScope.put("mmlu", OutOfScope.mmlu());
        EmbeddingCache cache = new EmbeddingCache(Banking77.moduleDir().resolve("target/embedding-cache"));

        Map<String, Object> banking = new LinkedHashMap<>();
        Map<String, Object> oos = new LinkedHashMap<>();
        Map<String, Object> encoders = new LinkedHashMap<>();
        // The deployed encoder with the shipped head, then INT8 and FP32 all-MiniLM-L6-v2; an encoder the
        // shipped head was not trained on gets a head fitted here exactly like the shipped one.
        String splitRule = training.path("split").asText("stratified");
        EncoderVariant deployed = EncoderVariant.valueOf(EncoderVariant.ENGLISH_DEFAULT);
        for (EncoderVariant variant : new LinkedHashSet<>(List.of(deployed, EncoderVariant.MINILM_INT8,
                EncoderVariant.MINILM_FP32))) {
            try (OnnxSentenceEncoder encoder = OnnxSentenceEncoder.load(variant, 128, 1)) {
                IntentHead head = shipped;
                if (!encoder.version().equals(shipped.encoderVersion())) {
                    float[][] bankingX = cache.embed(encoder, train.stream().map(LabelledText::text).toList());
                    float[][] negativeX = cache.embed(encoder, OutOfScope.trainingNegatives());
                    List<String> bankingLabels = train.stream().map(LabelledText::label).toList();
                    TrainingRows rows = splitRule.equals("hash")
                            ? TrainingRows.assemble(bankingX, bankingLabels, negativeX,
                                    HeadTrainer.hashSplit(train.stream().map(LabelledText::text).toList()))
                            : TrainingRows.assemble(bankingX, bankingLabels, negativeX,
                                    training.path("validation_fraction").asDouble(0.1),
                                    training.path("split_seed").asLong(2024));
                    head = new HeadTrainer(settings).fit(rows.fitX(), rows.fitLabels(), intents,
                            encoder.version()).head();
                }
                Selective selective = Selective.of(head, cache.embed(encoder, testTexts), testLabels);
                Latency latency = Latency.measure(encoder, head, testTexts, warmup, latencyQueries);
                Map<String, Object> summary = new LinkedHashMap<>();
                summary.put("encoder", encoder.version());
                summary.put("head", head == shipped ? "shipped kb/banking77-head.json" : "fitted by this report");
                summary.put("onnxBytes", encoder.modelBytes());
                summary.put("accuracy", round(selective.accuracy()));
                summary.put("precisionAtCoverage85", round(selective.precisionAtCoverage(0.85)));
                summary.put("latency", latency.toMap());
                encoders.put(variant.modelName(), summary);
                if (variant == deployed) {
                    banking.put("encoder", encoder.version());
                    banking.put("accuracy", round(selective.accuracy()));
                    banking.put("precisionAtCoverage85", round(selective.precisionAtCoverage(0.85)));
                    banking.put("operatingPoint", selective.at(threshold));
                    banking.put("curve", selective.curve());
                    banking.put("confidentErrorsAtCoverage85", selective.confidentErrors(0.85, testTexts, testLabels));
                    oos.putAll(leak(cache, encoder, head, outOfScope, threshold));
                }
                if (variant == EncoderVariant.MINILM_INT8) {
                    banking.put("int8Accuracy", round(selective.accuracy()));
                } else if (variant == EncoderVariant.MINILM_FP32) {
                    banking.put("fp32Accuracy", round(selective.accuracy()));
                }
            }
        }
        banking.put("int8Fp32Model", "all-MiniLM-L6-v2 (langchain4j jars): INT8 with the shipped head, FP32 with a head fitted"
                + " here with the shipped head's settings, data and split");

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("generatedAt", Instant.now().toString());
        report.put("machine", Machine.describe());
        report.put("banking77", banking);
        report.put("oos", oos);
        report.put("encoders", encoders);
        report.put("zh", chinese(cache, mapper, testTexts, warmup, latencyQueries));
        report.put("notes", List.of(
                "banking77: data/banking77/test.csv (3,080 queries, never trained on); the head was fitted on 90 % of"
                        + " train.csv plus out-of-scope negatives, and its threshold chosen on the other 10 %",
                "int8Accuracy/fp32Accuracy: all-MiniLM-L6-v2 INT8 (deployed, shipped head) and FP32 (a head fitted"
                        + " by this report with the shipped head's settings, data and split)",
                "curve: precision of the most confident answers at each coverage; an out-of-scope prediction counts"
                        + " as confidence 0",
                "oos: answered share of CLINC150's out-of-scope test split, GSM8K and MMLU prompts at the serving"
                        + " threshold",
                "zh: data/banking77-zh/test.csv (385 written questions, never trained on); the Chinese head was"
                        + " fitted on data/banking77-zh/train.csv; languageDetection is the share of each test set"
                        + " the detector sends to its own language",
                "latency: tokenise + encode + classify, one query at a time on one thread, in process, after "
                        + warmup + " warm-up queries"));

        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        mapper.enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), report);
        print(report);
        System.out.println("wrote " + out.toAbsolutePath());
    }

    /** The Chinese model on the Chinese test set, and the language detector on both test sets. */
    static Map<String, Object> chinese(EmbeddingCache cache, ObjectMapper mapper, List<String> englishTexts,
                                       int warmup, int latencyQueries) throws Exception {
        Path headFile = Banking77.moduleDir().resolve("src/main/resources/kb/banking77-zh-head.json");
        IntentHead head;
        try (InputStream in = Files.newInputStream(headFile)) {
            head = IntentHead.read(in, mapper);
        }
        double threshold = mapper.readTree(headFile.toFile()).path("training").path("confidence_threshold").asDouble();
        List<LabelledText> test = Banking77Zh.test(Banking77Zh.DEFAULT_DIR);
        List<String> texts = test.stream().map(LabelledText::text).toList();
        Map<String, Object> zh = new LinkedHashMap<>();
        try (OnnxSentenceEncoder encoder = OnnxSentenceEncoder.load(EncoderVariant.ZH_INT8, 128, 1)) {
            Selective selective = Selective.of(head, cache.embed(encoder, texts),
                    test.stream().map(LabelledText::label).toList());
            zh.put("encoder", encoder.version());
            zh.put("onnxBytes", encoder.modelBytes());
            zh.put("accuracy", round(selective.accuracy()));
            zh.put("precisionAtCoverage85", round(selective.precisionAtCoverage(0.85)));
            zh.put("operatingPoint", selective.at(threshold));
            zh.put("curve", selective.curve());
            zh.put("latency", Latency.measure(encoder, head, texts, warmup, latencyQueries).toMap());
        }
        zh.put("languageDetection", Map.of(
                "zhTestDetectedZh", round(share(texts, Language.ZH)),
                "enTestDetectedEn", round(share(englishTexts, Language.EN))));
        return zh;
    }

    /** Answered share of each out-of-scope source at the serving threshold, and over all of them. */
    static Map<String, Object> leak(EmbeddingCache cache, OnnxSentenceEncoder encoder, IntentHead head,
                                    Map<String, List<String>> outOfScope, double threshold) throws Exception {
        long answered = 0;
        long total = 0;
        Map<String, Object> sources = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> source : outOfScope.entrySet()) {
            float[][] x = cache.embed(encoder, source.getValue());
            int leaked = 0;
            for (float[] v : x) {
                leaked += TrainIntentHead.answerConfidence(head.predict(v)) >= threshold ? 1 : 0;
            }
            answered += leaked;
            total += x.length;
            sources.put(source.getKey(), Map.of("answered", leaked, "questions", x.length,
                    "leakRate", round((double) leaked / x.length)));
        }
        Map<String, Object> oos = new LinkedHashMap<>();
        oos.put("leakRate", round((double) answered / total));
        oos.put("threshold", threshold);
        oos.put("sources", sources);
        return oos;
    }

    private static double share(List<String> texts, Language expected) {
        return texts.stream().filter(t -> LanguageDetector.detect(t) == expected).count() / (double) texts.size();
    }

    @SuppressWarnings("unchecked")
    private static void print(Map<String, Object> report) {
        Map<String, Object> banking = (Map<String, Object>) report.get("banking77");
        Map<String, Object> oos = (Map<String, Object>) report.get("oos");
        System.out.println("== light tier quality ==");
        System.out.printf("banking77 (%s): accuracy %s; precision at 85 %% coverage %s%n", banking.get("encoder"),
                banking.get("accuracy"), banking.get("precisionAtCoverage85"));
        System.out.printf("  wrong answers among the 85 %% most confident: %d (listed under"
                + " banking77.confidentErrorsAtCoverage85)%n", ((List<?>) banking.get("confidentErrorsAtCoverage85")).size());
        System.out.printf("INT8 against FP32 (%s): accuracy %s (INT8), %s (FP32)%n", banking.get("int8Fp32Model"),
                banking.get("int8Accuracy"), banking.get("fp32Accuracy"));

        System.out.println("operating point (validation-chosen threshold): " + banking.get("operatingPoint"));
        System.out.println("precision/coverage curve:");
        for (Map<String, Object> point : (List<Map<String, Object>>) banking.get("curve")) {
            System.out.printf("  coverage %.2f  precision %.4f  (confidence >= %.4f)%n", point.get("coverage"),
                    point.get("precision"), point.get("minConfidence"));
        }
        System.out.println("out-of-scope leak: " + oos.get("leakRate") + " " + oos.get("sources"));
        ((Map<String, Object>) report.get("encoders")).forEach((name, summary) ->
                System.out.println(name + ": " + summary));
        Map<String, Object> zh = (Map<String, Object>) report.get("zh");
        System.out.printf("zh: accuracy %s, precision at 85 %% coverage %s, operating point %s, latency %s,"
                + " language detection %s%n", zh.get("accuracy"), zh.get("precisionAtCoverage85"),
                zh.get("operatingPoint"), zh.get("latency"), zh.get("languageDetection"));
    }

    static double round(double value) {
        return Math.round(value * 10000) / 10000.0;
    }

    /** Predictions on a labelled set, sorted out as selective-answering statistics. */
    record Selective(double[] confidence, boolean[] correct, String[] predicted) {

        static Selective of(IntentHead head, float[][] x, List<String> labels) {
            double[] confidence = new double[x.length];
            boolean[] correct = new boolean[x.length];
            String[] predicted = new String[x.length];
            for (int i = 0; i < x.length; i++) {
                IntentPrediction p = head.predict(x[i]);
                confidence[i] = TrainIntentHead.answerConfidence(p);
                predicted[i] = p.intent();
                correct[i] = p.intent().equals(labels.get(i));
            }
            return new Selective(confidence, correct, predicted);
        }

        /**
         * The wrong answers among the most confident {@code coverage} share, most confident first: what
         * stands between the precision at that coverage and 100 % (often a test label that reads wrong).
         */
        List<Map<String, Object>> confidentErrors(double coverage, List<String> texts, List<String> labels) {
            Integer[] order = order();
            int n = (int) Math.round(coverage * order.length);
            List<Map<String, Object>> errors = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int row = order[i];
                if (!correct[row]) {
                    Map<String, Object> error = new LinkedHashMap<>();
                    error.put("text", texts.get(row));
                    error.put("label", labels.get(row));
                    error.put("predicted", predicted[row]);
                    error.put("confidence", round(confidence[row]));
                    errors.add(error);
                }
            }
            return errors;
        }

        double accuracy() {
            int right = 0;
            for (boolean c : correct) {
                right += c ? 1 : 0;
            }
            return (double) right / correct.length;
        }

        /** Indices by falling confidence. */
        private Integer[] order() {
            Integer[] order = new Integer[confidence.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(confidence[b], confidence[a]));
            return order;
        }

        double precisionAtCoverage(double coverage) {
            Integer[] order = order();
            int n = (int) Math.round(coverage * order.length);
            int right = 0;
            for (int i = 0; i < n; i++) {
                right += correct[order[i]] ? 1 : 0;
            }
            return n == 0 ? 1.0 : (double) right / n;
        }

        List<Map<String, Object>> curve() {
            Integer[] order = order();
            List<Map<String, Object>> points = new ArrayList<>();
            for (int percent : CURVE_COVERAGES) {
                int n = Math.max(1, Math.round(percent / 100f * order.length));
                int right = 0;
                for (int i = 0; i < n; i++) {
                    right += correct[order[i]] ? 1 : 0;
                }
                Map<String, Object> point = new LinkedHashMap<>();
                point.put("coverage", percent / 100.0);
                point.put("precision", round((double) right / n));
                point.put("minConfidence", round(confidence[order[n - 1]]));
                points.add(point);
            }
            return points;
        }

        Map<String, Object> at(double threshold) {
            int answered = 0;
            int right = 0;
            for (int i = 0; i < confidence.length; i++) {
                if (confidence[i] >= threshold) {
                    answered++;
                    right += correct[i] ? 1 : 0;
                }
            }
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("threshold", threshold);
            point.put("precision", round(answered == 0 ? 1.0 : (double) right / answered));
            point.put("coverage", round((double) answered / confidence.length));
            point.put("answered", answered);
            point.put("questions", confidence.length);
            return point;
        }
    }

    /** Single-query latency on one thread: tokenise, encode, classify. */
    record Latency(double p50Ms, double p99Ms, double queriesPerSecond, int queries) {

        static Latency measure(OnnxSentenceEncoder encoder, IntentHead head, List<String> texts, int warmup,
                               int queries) throws Exception {
            for (int i = 0; i < warmup; i++) {
                head.predict(encoder.embed(List.of(texts.get(i % texts.size())))[0]);
            }
            long[] nanos = new long[queries];
            long start = System.nanoTime();
            for (int i = 0; i < queries; i++) {
                long t0 = System.nanoTime();
                head.predict(encoder.embed(List.of(texts.get(i % texts.size())))[0]);
                nanos[i] = System.nanoTime() - t0;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Arrays.sort(nanos);
            return new Latency(nanos[queries / 2] / 1e6, nanos[(int) (queries * 0.99)] / 1e6, queries / seconds,
                    queries);
        }

        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("p50Ms", round(p50Ms));
            map.put("p99Ms", round(p99Ms));
            map.put("queriesPerSecond", Math.round(queriesPerSecond));
            map.put("queries", queries);
            return map;
        }
    }
}
