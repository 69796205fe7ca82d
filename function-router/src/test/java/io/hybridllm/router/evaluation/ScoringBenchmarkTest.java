package io.hybridllm.router.evaluation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridllm.core.api.ChatMessage;
import io.hybridllm.core.dataset.CsvRows;
import io.hybridllm.router.embedding.SentenceEncoder;
import io.hybridllm.router.scoring.LearnedComplexityScorer;
import io.hybridllm.router.scoring.LearnedHead;
import io.hybridllm.router.scoring.TextFeatures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What the learned scorer costs per request, in-process on one thread: the sentence embedding, and the
 * rest (text features, head, score mapping) given the embedding. Texts: a seeded mix of banking77 test
 * questions and routing-benchmark prompts from {@code data/}. Off by default (it measures):
 * {@code ./mvnw -B -o -pl function-router -am test -Dtest=ScoringBenchmarkTest -Dhybrid.benchmark=true -Dsurefire.failIfNoSpecifiedTests=false}
 */
@EnabledIfSystemProperty(named = "hybrid.benchmark", matches = "true")
class ScoringBenchmarkTest {

    @Test
    void measure() throws Exception {
        List<String> texts = texts(1000, 1000);
        LearnedHead head = LearnedHead.bundled();
        try (SentenceEncoder encoder = SentenceEncoder.forVersion(head.encoder(), 1)) {
            for (String text : texts.subList(0, 300)) { // warm-up
                head.logit(encoder.embed(text), TextFeatures.of(text));
            }
            double[] embed = new double[texts.size()];
            double[] rest = new double[texts.size()];
            double[] whole = new double[texts.size()];
            LearnedComplexityScorer scorer = new LearnedComplexityScorer(head, encoder::embed);
            double sink = 0;
            for (int i = 0; i < texts.size(); i++) {
                String text = texts.get(i);
                long t0 = System.nanoTime();
                float[] vector = encoder.embed(text);
                long t1 = System.nanoTime();
                sink += head.score(head.logit(vector, TextFeatures.of(text)));
                long t2 = System.nanoTime();
                sink += scorer.score(List.of(ChatMessage.user(text)));
                long t3 = System.nanoTime();
                embed[i] = (t1 - t0) / 1e6;
                rest[i] = (t2 - t1) / 1e6;
                whole[i] = (t3 - t2) / 1e6;
            }
            System.out.println(line("embedding (INT8 MiniLM, max 256 tokens)", embed));
            System.out.println(line("features + head + score map", rest));
            System.out.println(line("whole learned scorer (one message)", whole));
            assertTrue(sink >= 0);
        }
    }

    private static String line(String name, double[] ms) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "BENCHMARK %-42s n=%d p50=%.3f ms p90=%.3f ms p99=%.3f ms max=%.3f ms", name,
                sorted.length, pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), sorted[sorted.length - 1]);
    }

    private static double pct(double[] sorted, double p) {
        int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static List<String> texts(int banking, int routing) throws Exception {
        Path data = Path.of("..", "data");
        List<String> out = new ArrayList<>();
        List<List<String>> bank = CsvRows.read(data.resolve("banking77/test.csv"));
        bank.subList(1, bank.size()).stream().limit(banking).forEach(r -> out.add(r.get(0)));
        List<String> prompts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(data.resolve("routing"))) {
            for (Path csv : files.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
                List<List<String>> rows = CsvRows.read(csv);
                int column = rows.get(0).indexOf("prompt");
                rows.subList(1, rows.size()).forEach(r -> prompts.add(r.get(column)));
            }
        }
        Collections.shuffle(prompts, new Random(7));
        out.addAll(prompts.subList(0, routing));
        Collections.shuffle(out, new Random(11));
        return out;
    }
}
