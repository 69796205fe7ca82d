package io.hybridllm.router.evaluation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridllm.core.api.ChatMessage;
import io.hybridllm.core.api.SharedEmbedding;
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
 * questions and routing-benchmark prompts from {@code data/}. With the embedding shared with the light tier
 * (computed once per request), what scoring adds to the router is the rest plus the sharing: the checks
 * before a vector is shared and its JSON in the light request. Off by default (it measures):
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
            double[] share = new double[texts.size()];
            double[] added = new double[texts.size()];
            int[] vectorBytes = new int[texts.size()];
            int shared = 0;
            ObjectMapper mapper = new ObjectMapper();
            LearnedComplexityScorer scorer = new LearnedComplexityScorer(head, LearnedComplexityScorer.sharing(encoder));
            double sink = 0;
            for (int i = 0; i < texts.size(); i++) {
                String text = texts.get(i);
                long t0 = System.nanoTime();
                float[] vector = encoder.embed(text);
                long t1 = System.nanoTime();
                sink += head.score(head.logit(vector, TextFeatures.of(text)));
                long t2 = System.nanoTime();
                sink += scorer.assess(List.of(ChatMessage.user(text))).score();
                long t3 = System.nanoTime();
                // With the embedding shared, scoring adds features + head, the checks before a vector is
                // shared, and the vector's JSON in the light request (its hybrid_embedding member alone: the
                // rest of the body is sent anyway).
                SentenceEncoder.Encoded encoded = encoder.encode(text);
                long t4 = System.nanoTime();
                sink += head.score(head.logit(encoded.vector(), TextFeatures.of(text)));
                long t5 = System.nanoTime();
                SharedEmbedding embedding = new SharedEmbedding(encoder.model(), encoded.tokens(), encoded.vector());
                boolean shareable = !encoded.truncated() && embedding.problem().isEmpty();
                byte[] json = shareable ? mapper.writeValueAsBytes(embedding) : new byte[0];
                long t6 = System.nanoTime();
                shared += shareable ? 1 : 0;
                vectorBytes[i] = json.length;
                embed[i] = (t1 - t0) / 1e6;
                rest[i] = (t2 - t1) / 1e6;
                whole[i] = (t3 - t2) / 1e6;
                share[i] = (t6 - t5) / 1e6;
                added[i] = (t6 - t4) / 1e6;
            }
            System.out.println(line("embedding (INT8 MiniLM, max 256 tokens)", embed));
            System.out.println(line("features + head + score map", rest));
            System.out.println(line("whole learned scorer (one message, sharing)", whole));
            System.out.println(line("share: checks + vector to JSON", share));
            System.out.println(line("features + head + checks + vector to JSON", added));
            System.out.printf(Locale.ROOT, "BENCHMARK shared %d of %d texts (the rest filled the 256-token budget); "
                    + "vector JSON mean %.0f bytes%n", shared, texts.size(),
                    Arrays.stream(vectorBytes).filter(b -> b > 0).average().orElse(0));
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
