package io.hybridllm.harness.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hybridllm.core.api.ChatMessage;
import io.hybridllm.core.model.InferenceException;
import io.hybridllm.core.model.ModelLoadException;
import io.hybridllm.core.routing.ComplexityScorer;
import io.hybridllm.core.routing.FeatureComplexityScorer;
import io.hybridllm.harness.training.EmbeddingStore;
import io.hybridllm.router.embedding.SentenceEncoder;
import io.hybridllm.router.scoring.LearnedComplexityScorer;
import io.hybridllm.router.scoring.LearnedHead;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * {@code eval-routing}: scores every prompt of a RouteLLM-format directory with one router, exactly as
 * the router scores a one-message conversation, sweeps the threshold from 0 % to 100 % heavy calls and
 * writes the metrics and the curve as JSON, and the curve as a PNG next to it.
 */
public final class RoutingEvaluation {

    /** Which scorer to evaluate; {@code head} only for the learned one (default: the bundled head). */
    public record Options(Path data, Optional<String> weak, Optional<String> strong, Path out, String router,
                          Optional<Path> head, long seed, Path embeddingCache) {}

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PrintStream out;

    public RoutingEvaluation(PrintStream out) {
        this.out = out;
    }

    public Map<String, Object> run(Options options) throws IOException, ModelLoadException, InferenceException {
        RoutingData data = RoutingData.read(options.data(), options.weak(), options.strong());
        out.printf(Locale.ROOT, "%d prompts from %d files under %s (%d contaminated dropped); weak %s, strong %s%n",
                data.prompts().size(), data.files().size(), options.data(), data.contaminatedDropped(), data.weak(),
                data.strong());
        double[] scores;
        String name;
        switch (options.router()) {
            case "random" -> {
                Random random = new Random(options.seed());
                scores = data.prompts().stream().mapToDouble(p -> random.nextDouble()).toArray();
                name = "random(seed=" + options.seed() + ")";
            }
            case "features" -> {
                ComplexityScorer scorer = new FeatureComplexityScorer();
                scores = score(scorer, data.prompts());
                name = scorer.name();
            }
            case "learned" -> {
                LearnedHead head = options.head().isPresent() ? LearnedHead.read(options.head().get()) : LearnedHead.bundled();
                try (SentenceEncoder encoder = SentenceEncoder.forVersion(head.encoder(), 1);
                     EmbeddingStore store = new EmbeddingStore(encoder, options.embeddingCache())) {
                    List<String> texts = data.prompts().stream().map(RoutingPrompt::prompt).toList();
                    Map<String, float[]> vectors = new HashMap<>();
                    float[][] embedded = store.embed(texts, "eval-routing");
                    for (int i = 0; i < texts.size(); i++) {
                        vectors.put(texts.get(i), embedded[i]);
                    }
                    LearnedComplexityScorer scorer = new LearnedComplexityScorer(head, vectors::get);
                    scores = score(scorer, data.prompts());
                    name = scorer.name() + (options.head().map(h -> " head=" + h).orElse(" head=bundled"));
                }
            }
            default -> throw new IllegalArgumentException("--router must be learned, features or random");
        }
        RoutingCurve curve = new RoutingCurve(data.prompts(), scores);
        Map<String, Object> about = new LinkedHashMap<>();
        about.put("data", options.data().toString());
        about.put("files", data.files());
        about.put("contaminated_dropped", data.contaminatedDropped());
        Map<String, Object> report = report(name, curve, data.weak(), data.strong(), about);
        write(report, curve, name + " on " + options.data().getFileName(), options.out());
        out.println(summary(name, curve));
        out.println("wrote " + options.out() + " and " + png(options.out()));
        return report;
    }

    /** Scores each prompt as the router would score a conversation of that one user message. */
    static double[] score(ComplexityScorer scorer, List<RoutingPrompt> prompts) {
        double[] scores = new double[prompts.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = scorer.score(List.of(ChatMessage.user(prompts.get(i).prompt())));
        }
        return scores;
    }

    /** The JSON report: metrics (CPT as % of heavy calls), baselines and the swept curve. */
    public static Map<String, Object> report(String router, RoutingCurve curve, String weak, String strong,
                                             Map<String, Object> about) {
        RoutingCurve.Metrics m = curve.metrics();
        RoutingCurve.Metrics grid = curve.routeLlmGrid(10);
        RoutingCurve.Metrics optimal = curve.optimal();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("router", router);
        report.putAll(about);
        report.put("prompts", curve.size());
        report.put("apgr", round(m.apgr()));
        report.put("cpt50", round(100 * m.cpt50()));
        report.put("cpt80", round(100 * m.cpt80()));
        report.put("units", "apgr is the area under PGR over heavy share in [0,1]; cpt50/cpt80 are % of prompts "
                + "sent to the strong model to reach 50 %/80 % of the strong model's quality gain over the weak one");
        report.put("routellm_grid", ordered("note", "RouteLLM's own computation: 10 score-quantile bins, CPT interpolated",
                "apgr", round(grid.apgr()), "cpt50", round(100 * grid.cpt50()), "cpt80", round(100 * grid.cpt80())));
        Map<String, Object> baselines = new LinkedHashMap<>();
        baselines.put("weak", ordered("column", weak, "quality", round(curve.weakAccuracy()), "heavy_share", 0.0));
        baselines.put("strong", ordered("column", strong, "quality", round(curve.strongAccuracy()), "heavy_share", 100.0));
        baselines.put("random", ordered("apgr", 0.5, "cpt50", 50.0, "cpt80", 80.0));
        baselines.put("optimal", ordered("apgr", round(optimal.apgr()), "cpt50", round(100 * optimal.cpt50()),
                "cpt80", round(100 * optimal.cpt80()), "heavy_needed_share", round(100 * curve.heavyNeededShare())));
        report.put("baselines", baselines);
        List<Map<String, Object>> points = new ArrayList<>();
        for (RoutingCurve.Point p : curve.points()) {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("heavy_share", round(100 * p.heavyShare()));
            point.put("quality", round(p.quality()));
            point.put("pgr", round(p.pgr()));
            point.put("threshold", Double.isInfinite(p.threshold()) ? null : round(p.threshold()));
            points.add(point);
        }
        report.put("curve", points);
        return report;
    }

    public static void write(Map<String, Object> report, RoutingCurve curve, String title, Path json) throws IOException {
        Path parent = json.toAbsolutePath().getParent();
        java.nio.file.Files.createDirectories(parent);
        JSON.writeValue(json.toFile(), report);
        RoutingPlot.write(curve, title, png(json));
    }

    public static String summary(String name, RoutingCurve curve) {
        RoutingCurve.Metrics m = curve.metrics();
        RoutingCurve.Metrics grid = curve.routeLlmGrid(10);
        return String.format(Locale.ROOT, "%s: n=%d APGR %.3f CPT(50%%) %.1f%% CPT(80%%) %.1f%%  "
                        + "[RouteLLM grid: APGR %.3f CPT(50%%) %.1f%% CPT(80%%) %.1f%%]  weak %.3f strong %.3f",
                name, curve.size(), m.apgr(), 100 * m.cpt50(), 100 * m.cpt80(), grid.apgr(), 100 * grid.cpt50(),
                100 * grid.cpt80(), curve.weakAccuracy(), curve.strongAccuracy());
    }

    /** Key-value pairs in the order given (Map.of's order changes from run to run, and so would the files). */
    public static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static Path png(Path json) {
        String name = json.getFileName().toString().replaceFirst("\\.json$", "");
        return json.resolveSibling(name + ".png");
    }

    private static double round(double value) {
        return Math.round(value * 1e4) / 1e4;
    }
}
