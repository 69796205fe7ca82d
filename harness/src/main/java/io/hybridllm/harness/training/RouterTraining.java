package io.hybridllm.harness.training;

import io.hybridllm.core.dataset.CsvRows;
import io.hybridllm.harness.evaluation.RoutingCurve;
import io.hybridllm.harness.evaluation.RoutingData;
import io.hybridllm.harness.evaluation.RoutingEvaluation;
import io.hybridllm.harness.evaluation.RoutingPrompt;
import io.hybridllm.router.embedding.EncoderModel;
import io.hybridllm.router.embedding.SentenceEncoder;
import io.hybridllm.router.scoring.LearnedHead;
import io.hybridllm.router.scoring.TextFeatures;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * {@code train-router}: fits the router's learned head on the routing data and measures it honestly.
 *
 * <p>Label: the prompt needs the heavy model (the strong model answered it correctly, the weak one did
 * not), the only prompts on which a heavy call buys quality. Inputs: the INT8 MiniLM embedding of the
 * prompt and {@link TextFeatures}. Light-tier traffic (a seeded sample of banking77 train questions) is
 * added as "light" examples, so that customer-service questions score below every exam question; it is
 * never part of an evaluation.
 *
 * <p>Evaluation, before the final fit: MMLU by leave-one-subject-out (each subject scored by a head that
 * never saw it; GSM8K and banking always in training), GSM8K by 5 seeded folds (MMLU and banking always in
 * training) and GSM8K unseen (a head trained without any GSM8K). Out-of-fold logits are pooled per data
 * set and swept with {@link RoutingCurve}; reports go to {@code reportDir} in eval-routing's format.
 * The final head is fitted on everything and written to {@code head}.
 */
public final class RouterTraining {

    public record Options(Path data, Path banking, int bankingSample, Path head, Path reportDir,
                          LogisticHeadTrainer.Settings settings, int maxTokens, Path embeddingCache, Label label,
                          boolean questionStems) {}

    /** What the head learns to predict. */
    public enum Label {
        /** The strong model answered correctly and the weak one did not. */
        HEAVY_NEEDED,
        /** The weak model answered wrongly (whatever the strong one did). */
        WEAK_WRONG;

        boolean of(RoutingPrompt p) {
            return this == HEAVY_NEEDED ? p.heavyNeeded() : !p.weakCorrect();
        }
    }

    /** Held so that the level set on it sticks: Tribuo logs every fit at INFO, drowning the results. */
    private static final java.util.logging.Logger TRIBUO_LOG = java.util.logging.Logger.getLogger("org.tribuo");

    private final PrintStream out;

    public RouterTraining(PrintStream out) {
        this.out = out;
    }

    /** One training example. */
    private record Row(String text, String group, boolean heavy, RoutingPrompt prompt) {}

    public Map<String, Object> run(Options options) throws Exception {
        RoutingData data = RoutingData.read(options.data(), java.util.Optional.empty(), java.util.Optional.empty());
        List<Row> rows = new ArrayList<>();
        for (RoutingPrompt p : data.prompts()) {
            rows.add(new Row(p.prompt(), p.group(), options.label().of(p), p));
        }
        // Chat traffic asks the question without the exam's layout: each multiple-choice prompt is also
        // trained on as its bare stem (same label, same subject, so it is held out with its subject and
        // never evaluated), lest the head learn "looks like an exam" rather than "is hard".
        int stems = 0;
        for (RoutingPrompt p : options.questionStems() ? data.prompts() : List.<RoutingPrompt>of()) {
            String stem = stem(p.prompt());
            if (!stem.equals(p.prompt()) && !stem.isBlank()) {
                rows.add(new Row(stem, p.group(), options.label().of(p), null));
                stems++;
            }
        }
        List<List<String>> banking = CsvRows.read(options.banking());
        int textColumn = banking.get(0).indexOf("text");
        List<String> questions = new ArrayList<>();
        for (List<String> r : banking.subList(1, banking.size())) {
            questions.add(r.get(textColumn));
        }
        Collections.shuffle(questions, new Random(options.settings().seed()));
        for (String q : questions.subList(0, Math.min(options.bankingSample(), questions.size()))) {
            rows.add(new Row(q, "banking77", false, null));
        }
        TRIBUO_LOG.setLevel(java.util.logging.Level.WARNING);
        out.printf(Locale.ROOT, "%d routing prompts (%d need the heavy model) + %d bare question stems + %d banking77 "
                        + "light examples%n", data.prompts().size(),
                data.prompts().stream().filter(RoutingPrompt::heavyNeeded).count(), stems,
                rows.size() - data.prompts().size() - stems);

        double[][] x = new double[rows.size()][];
        String encoderVersion;
        try (SentenceEncoder encoder = SentenceEncoder.load(EncoderModel.MINILM_L6_INT8, options.maxTokens(), 1);
             EmbeddingStore store = new EmbeddingStore(encoder, options.embeddingCache())) {
            encoderVersion = encoder.version();
            float[][] vectors = store.embed(rows.stream().map(Row::text).toList(), "train-router");
            for (int i = 0; i < rows.size(); i++) {
                x[i] = inputs(vectors[i], TextFeatures.of(rows.get(i).text()));
            }
        }
        boolean[] heavy = new boolean[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            heavy[i] = rows.get(i).heavy();
        }
        LogisticHeadTrainer trainer = new LogisticHeadTrainer(options.settings());

        Map<String, Object> cv = new LinkedHashMap<>();
        // MMLU, leave one subject out.
        int[] mmlu = indices(rows, r -> r.prompt() != null && r.group().startsWith("mmlu"));
        List<String> subjects = Arrays.stream(mmlu).mapToObj(i -> rows.get(i).group()).distinct().sorted().toList();
        double[] mmluLogits = new double[rows.size()];
        long started = System.nanoTime();
        for (String subject : subjects) {
            int[] train = indices(rows, r -> !r.group().equals(subject));
            LogisticHeadTrainer.Fit fit = fit(trainer, x, heavy, train);
            for (int i : indices(rows, r -> r.prompt() != null && r.group().equals(subject))) {
                mmluLogits[i] = fit.logit(x[i]);
            }
        }
        out.printf(Locale.ROOT, "MMLU leave-one-subject-out: %d folds in %.0f s%n", subjects.size(),
                (System.nanoTime() - started) / 1e9);
        cv.put("mmlu_leave_one_subject_out", evaluate("learned, MMLU leave-one-subject-out", rows, mmlu, mmluLogits,
                data, options.reportDir().resolve("cv-mmlu-subject-held-out.json")));

        // GSM8K, 5 seeded folds.
        int[] gsm8k = indices(rows, r -> r.prompt() != null && r.group().equals("gsm8k"));
        if (gsm8k.length > 0) {
            List<Integer> shuffled = new ArrayList<>(Arrays.stream(gsm8k).boxed().toList());
            Collections.shuffle(shuffled, new Random(options.settings().seed()));
            int folds = 5;
            double[] gsmLogits = new double[rows.size()];
            for (int f = 0; f < folds; f++) {
                boolean[] held = new boolean[rows.size()];
                for (int k = f; k < shuffled.size(); k += folds) {
                    held[shuffled.get(k)] = true;
                }
                int[] train = IntStream.range(0, rows.size()).filter(i -> !held[i]).toArray();
                LogisticHeadTrainer.Fit fit = fit(trainer, x, heavy, train);
                for (int i = 0; i < rows.size(); i++) {
                    if (held[i]) {
                        gsmLogits[i] = fit.logit(x[i]);
                    }
                }
            }
            cv.put("gsm8k_5_fold", evaluate("learned, GSM8K 5-fold", rows, gsm8k, gsmLogits, data,
                    options.reportDir().resolve("cv-gsm8k-5-fold.json")));
            LogisticHeadTrainer.Fit noGsm = fit(trainer, x, heavy, indices(rows, r -> !r.group().equals("gsm8k")));
            double[] unseen = new double[rows.size()];
            for (int i : gsm8k) {
                unseen[i] = noGsm.logit(x[i]);
            }
            cv.put("gsm8k_unseen", evaluate("learned, GSM8K never seen", rows, gsm8k, unseen, data,
                    options.reportDir().resolve("cv-gsm8k-unseen.json")));
        }

        LogisticHeadTrainer.Fit fit = fit(trainer, x, heavy, IntStream.range(0, rows.size()).toArray());
        int[] reference = indices(rows, r -> r.prompt() != null);
        double[] logits = Arrays.stream(reference).mapToDouble(i -> fit.logit(x[i])).sorted().toArray();
        double[] quantiles = new double[201];
        for (int q = 0; q < quantiles.length; q++) {
            quantiles[q] = logits[(int) Math.round((double) q / (quantiles.length - 1) * (logits.length - 1))];
        }
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("command", "java -jar harness/target/harness.jar train-router (see README)");
        training.put("data", RoutingEvaluation.ordered("routing", options.data().toString(), "files", data.files().size(),
                "prompts", data.prompts().size(), "weak", data.weak(), "strong", data.strong(),
                "question_stems", stems,
                "light_examples", options.banking() + " (seeded sample of " + options.bankingSample() + ")"));
        training.put("label", options.label() == Label.HEAVY_NEEDED ? "heavy = strong model correct and weak model wrong"
                : "heavy = weak model wrong");
        training.put("settings", options.settings().describe());
        training.put("cross_validation", cv);
        LearnedHead head = new LearnedHead(LearnedHead.FORMAT, encoderVersion, TextFeatures.VERSION, TextFeatures.NAMES,
                fit.weights(), fit.bias(), quantiles, training);
        head.write(options.head());
        out.println("wrote " + options.head());
        return training;
    }

    private Map<String, Object> evaluate(String name, List<Row> rows, int[] subset, double[] logits, RoutingData data,
                                         Path json) throws Exception {
        List<RoutingPrompt> prompts = Arrays.stream(subset).mapToObj(i -> rows.get(i).prompt()).toList();
        double[] scores = Arrays.stream(subset).mapToDouble(i -> logits[i]).toArray();
        RoutingCurve curve = new RoutingCurve(prompts, scores);
        Map<String, Object> report = RoutingEvaluation.report(name, curve, data.weak(), data.strong(),
                RoutingEvaluation.ordered("note", "out-of-fold logits pooled; each prompt scored by a head that did not train on it"));
        RoutingEvaluation.write(report, curve, name, json);
        out.println(RoutingEvaluation.summary(name, curve));
        Map<String, Object> summary = new LinkedHashMap<>();
        for (String key : List.of("prompts", "apgr", "cpt50", "cpt80", "routellm_grid")) {
            summary.put(key, report.get(key));
        }
        return summary;
    }

    private static LogisticHeadTrainer.Fit fit(LogisticHeadTrainer trainer, double[][] x, boolean[] heavy, int[] rows) {
        double[][] xs = new double[rows.length][];
        boolean[] ys = new boolean[rows.length];
        float[] ws = new float[rows.length];
        for (int k = 0; k < rows.length; k++) {
            xs[k] = x[rows[k]];
            ys[k] = heavy[rows[k]];
            ws[k] = 1f;
        }
        return trainer.fit(xs, ys, ws);
    }

    private static int[] indices(List<Row> rows, java.util.function.Predicate<Row> keep) {
        return IntStream.range(0, rows.size()).filter(i -> keep.test(rows.get(i))).toArray();
    }

    /** The question without its lettered choices and trailing "Answer:". */
    static String stem(String prompt) {
        java.util.regex.Matcher choices = CHOICES.matcher(prompt);
        String stem = choices.find() ? prompt.substring(0, choices.start()) : prompt;
        return stem.replaceFirst("\\s*Answer:\\s*$", "").strip();
    }

    private static final java.util.regex.Pattern CHOICES = java.util.regex.Pattern.compile("\\nA\\.\\s");

    static double[] inputs(float[] embedding, double[] features) {
        double[] x = new double[embedding.length + features.length];
        for (int d = 0; d < embedding.length; d++) {
            x[d] = embedding[d];
        }
        System.arraycopy(features, 0, x, embedding.length, features.length);
        return x;
    }
}
