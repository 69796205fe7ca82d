package io.hybridllm.harness.traffic;

import io.hybridllm.core.dataset.CsvRows;
import io.hybridllm.harness.stack.RepositoryLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * A real traffic mix from the repository's data: banking77 test questions (some asked again, as
 * customers do), CLINC150 out-of-scope questions, GSM8K maths problems and MMLU exam questions.
 */
public final class TrafficMix {

    /**
     * @param banking distinct banking77 test questions
     * @param repeats banking77 questions asked a second time (half of them with other case/spacing)
     * @param outOfScope CLINC150 out-of-scope questions
     * @param gsm8k GSM8K problems
     * @param mmlu MMLU questions
     */
    public record Sizes(int banking, int repeats, int outOfScope, int gsm8k, int mmlu) {
        public static final Sizes DEMO = new Sizes(500, 150, 100, 60, 60);

        public int total() {
            return banking + repeats + outOfScope + gsm8k + mmlu;
        }
    }

    private TrafficMix() {
    }

    public static List<TrafficItem> build(RepositoryLayout layout, Sizes sizes, long seed) throws IOException {
        Random random = new Random(seed);
        List<TrafficItem> banking = sample(rows(layout.data("banking77/test.csv")).stream()
                .map(r -> new TrafficItem("banking77", r.get(0), r.get(1))).toList(), sizes.banking(), random);
        List<TrafficItem> fresh = new ArrayList<>(banking);
        fresh.addAll(sample(rows(layout.data("clinc150/oos_test.csv")).stream()
                .map(r -> new TrafficItem("clinc_oos", r.get(0), null)).toList(), sizes.outOfScope(), random));
        fresh.addAll(sample(rows(layout.data("routing/gsm8k.csv")).stream()
                .map(r -> new TrafficItem("gsm8k", r.get(0), null)).toList(), sizes.gsm8k(), random));
        fresh.addAll(sample(mmluPrompts(layout.data("routing/mmlu")).stream()
                .map(p -> new TrafficItem("mmlu", p, null)).toList(), sizes.mmlu(), random));
        Collections.shuffle(fresh, random);

        // A repeat goes somewhere after the question it repeats, so the cache can have seen it.
        List<TrafficItem> mix = new ArrayList<>(fresh);
        List<TrafficItem> repeated = sample(banking, sizes.repeats(), random);
        for (int i = 0; i < repeated.size(); i++) {
            TrafficItem original = repeated.get(i);
            String text = i % 2 == 0 ? original.text() : "  " + original.text().toLowerCase(Locale.ROOT) + " ";
            int after = mix.indexOf(original) + 1;
            int at = after + random.nextInt(mix.size() - after + 1);
            mix.add(at, new TrafficItem("banking77_repeat", text, original.expectedIntent()));
        }
        return mix;
    }

    private static List<List<String>> rows(Path csv) throws IOException {
        List<List<String>> rows = CsvRows.read(csv);
        return rows.subList(1, rows.size());
    }

    private static List<String> mmluPrompts(Path dir) throws IOException {
        List<String> prompts = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".csv")).sorted().toList()) {
                rows(file).forEach(r -> prompts.add(r.get(0)));
            }
        }
        return prompts;
    }

    private static <T> List<T> sample(List<T> items, int count, Random random) {
        List<T> copy = new ArrayList<>(items);
        Collections.shuffle(copy, random);
        return new ArrayList<>(copy.subList(0, Math.min(count, copy.size())));
    }
}
