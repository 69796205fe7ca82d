package io.hybridllm.light.dataset;

import io.hybridllm.core.dataset.CsvRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Questions the banking light tier must not answer, from the repository's {@code data/}: CLINC150's
 * out-of-scope queries (train/val/test as CLINC split them), its Wikipedia sentences, and the GSM8K
 * and MMLU prompts of the routing data.
 *
 * <p>Training uses CLINC's out-of-scope <em>train</em> and <em>validation</em> splits and Wikipedia
 * sentences; CLINC's test split, GSM8K and MMLU only measure the leak.
 */
public final class OutOfScope {

    public static final Path DATA_DIR = Banking77.moduleDir().resolve(Path.of("..", "data")).normalize();

    /** How many Wikipedia sentences join the out-of-scope training class. */
    public static final int WIKI_SENTENCES = 1500;

    private OutOfScope() {}

    /** CLINC150 out-of-scope queries of one split: {@code train}, {@code val} or {@code test}. */
    public static List<String> clinc(String split) throws IOException {
        return column(DATA_DIR.resolve("clinc150/oos_" + split + ".csv"), "text");
    }

    /** In-scope CLINC150 questions per intent that join the out-of-scope class (intents a bank would not answer). */
    public static final int PER_OTHER_INTENT = 30;

    /**
     * Negatives for training: CLINC's out-of-scope train and val splits, a seeded sample of
     * {@link #PER_OTHER_INTENT} train questions from each CLINC150 intent a bank's assistant would not
     * answer (weather, recipes, travel, ...; {@code data/clinc150/banking_like_intents.txt} lists the ones
     * left out), and a seeded sample of Wikipedia sentences; the same sources
     * {@code scripts/train_light_encoder.py} fine-tunes with. None of them is a test split.
     */
    public static List<String> trainingNegatives() throws IOException {
        List<String> out = clincAndWikiNegatives();
        out.addAll(otherIntentQuestions());
        return out;
    }

    /** Train questions of CLINC150's non-banking intents, {@link #PER_OTHER_INTENT} per intent (seed 13). */
    public static List<String> otherIntentQuestions() throws IOException {
        Set<String> bankingLike = new HashSet<>();
        for (String line : Files.readAllLines(DATA_DIR.resolve("clinc150/banking_like_intents.txt"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                bankingLike.add(line.strip());
            }
        }
        Map<String, List<String>> byIntent = new TreeMap<>();
        List<List<String>> rows = CsvRows.read(DATA_DIR.resolve("clinc150/inscope_train.csv"));
        int text = rows.get(0).indexOf("text");
        int intent = rows.get(0).indexOf("intent");
        for (List<String> row : rows.subList(1, rows.size())) {
            if (!bankingLike.contains(row.get(intent))) {
                byIntent.computeIfAbsent(row.get(intent), k -> new ArrayList<>()).add(row.get(text));
            }
        }
        Random random = new Random(13);
        List<String> out = new ArrayList<>();
        for (List<String> questions : byIntent.values()) {
            Collections.shuffle(questions, random);
            out.addAll(questions.subList(0, Math.min(PER_OTHER_INTENT, questions.size())));
        }
        return out;
    }

    private static List<String> clincAndWikiNegatives() throws IOException {
        List<String> wiki = new ArrayList<>();
        for (String line : Files.readAllLines(DATA_DIR.resolve("clinc150/all_wiki_sents.txt"))) {
            if (!line.isBlank()) {
                wiki.add(line.strip());
            }
        }
        Collections.shuffle(wiki, new Random(11));
        List<String> out = new ArrayList<>(clinc("train"));
        out.addAll(clinc("val"));
        out.addAll(wiki.subList(0, Math.min(WIKI_SENTENCES, wiki.size())));
        return out;
    }

    /** GSM8K maths word problems (the routing data's prompts). */
    public static List<String> gsm8k() throws IOException {
        return column(DATA_DIR.resolve("routing/gsm8k.csv"), "prompt");
    }

    /** MMLU prompts across all subjects in the routing data, in file order. */
    public static List<String> mmlu() throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(DATA_DIR.resolve("routing/mmlu"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".csv")).sorted().toList()) {
                out.addAll(column(file, "prompt"));
            }
        }
        return out;
    }

    static List<String> column(Path file, String name) throws IOException {
        List<List<String>> rows = CsvRows.read(file);
        int index = rows.isEmpty() ? -1 : rows.get(0).indexOf(name);
        if (index < 0) {
            throw new IOException(file + ": no column '" + name + "'");
        }
        List<String> out = new ArrayList<>(rows.size() - 1);
        for (int r = 1; r < rows.size(); r++) {
            List<String> fields = rows.get(r);
            if (fields.size() > index && !fields.get(index).isBlank()) {
                out.add(fields.get(index));
            }
        }
        return out;
    }
}
