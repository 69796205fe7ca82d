package io.hybridllm.harness.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridllm.core.dataset.CsvRows;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A directory of RouteLLM-format CSVs (a {@code prompt} column and one True/False column per model),
 * read whole. Every {@code *.csv} under the directory is read; prompts listed in any
 * {@code *_contaminated_prompts.jsonl} under it (field {@code eval_prompt}, matched exactly, as RouteLLM
 * does) are dropped. Without {@code --weak/--strong}, the directory must have exactly two boolean columns
 * common to all its files; the one with the lower accuracy is the weak model.
 *
 * @param prompts the kept prompts, file by file in path order
 * @param weak the weak model's column
 * @param strong the strong model's column
 * @param files the CSV files read, relative to the directory
 * @param contaminatedDropped rows dropped because a contamination list names their prompt
 */
public record RoutingData(List<RoutingPrompt> prompts, String weak, String strong, List<String> files,
                          int contaminatedDropped) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static RoutingData read(Path dir, Optional<String> weak, Optional<String> strong) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is not a directory");
        }
        if (weak.isPresent() != strong.isPresent()) {
            throw new IllegalArgumentException("give both --weak and --strong, or neither");
        }
        List<Path> csvs;
        List<Path> lists;
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> all = walk.filter(Files::isRegularFile).sorted().toList();
            csvs = all.stream().filter(p -> p.getFileName().toString().endsWith(".csv")).toList();
            lists = all.stream().filter(p -> p.getFileName().toString().endsWith("_contaminated_prompts.jsonl")).toList();
        }
        if (csvs.isEmpty()) {
            throw new IllegalArgumentException("no .csv files under " + dir);
        }
        Set<String> contaminated = contaminated(lists);
        Map<Path, List<List<String>>> tables = new LinkedHashMap<>();
        for (Path csv : csvs) {
            List<List<String>> rows = CsvRows.read(csv);
            if (rows.isEmpty() || !rows.get(0).contains("prompt")) {
                throw new IllegalArgumentException(csv + " has no 'prompt' column");
            }
            tables.put(csv, rows);
        }
        String weakColumn;
        String strongColumn;
        if (weak.isPresent()) {
            weakColumn = weak.get();
            strongColumn = strong.get();
        } else {
            List<String> columns = commonBooleanColumns(tables);
            if (columns.size() != 2) {
                throw new IllegalArgumentException("cannot tell the weak and strong models apart: the files under " + dir
                        + " share " + columns.size() + " boolean columns " + columns + "; pass --weak COL --strong COL");
            }
            double a = accuracy(tables, columns.get(0));
            double b = accuracy(tables, columns.get(1));
            weakColumn = a <= b ? columns.get(0) : columns.get(1);
            strongColumn = a <= b ? columns.get(1) : columns.get(0);
        }
        if (weakColumn.equals(strongColumn)) {
            throw new IllegalArgumentException("--weak and --strong name the same column");
        }
        List<RoutingPrompt> prompts = new ArrayList<>();
        List<String> files = new ArrayList<>();
        int dropped = 0;
        for (Map.Entry<Path, List<List<String>>> table : tables.entrySet()) {
            List<String> header = table.getValue().get(0);
            int p = header.indexOf("prompt");
            int w = column(header, weakColumn, table.getKey());
            int s = column(header, strongColumn, table.getKey());
            String group = table.getKey().getFileName().toString().replaceFirst("\\.csv$", "");
            files.add(dir.relativize(table.getKey()).toString());
            List<List<String>> rows = table.getValue();
            for (int r = 1; r < rows.size(); r++) {
                List<String> row = rows.get(r);
                if (row.size() == 1 && row.get(0).isEmpty()) {
                    continue;
                }
                if (row.size() != header.size()) {
                    throw new IllegalArgumentException(table.getKey() + " row " + r + " has " + row.size()
                            + " fields, the header " + header.size());
                }
                if (contaminated.contains(row.get(p))) {
                    dropped++;
                    continue;
                }
                prompts.add(new RoutingPrompt(row.get(p), group, bool(row.get(w), table.getKey(), r),
                        bool(row.get(s), table.getKey(), r)));
            }
        }
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("no prompts left under " + dir);
        }
        return new RoutingData(List.copyOf(prompts), weakColumn, strongColumn, List.copyOf(files), dropped);
    }

    /** Share of prompts the weak model answered correctly. */
    public double weakAccuracy() {
        return prompts.stream().filter(RoutingPrompt::weakCorrect).count() / (double) prompts.size();
    }

    public double strongAccuracy() {
        return prompts.stream().filter(RoutingPrompt::strongCorrect).count() / (double) prompts.size();
    }

    public List<String> groups() {
        return prompts.stream().map(RoutingPrompt::group).distinct().toList();
    }

    private static Set<String> contaminated(List<Path> lists) throws IOException {
        Set<String> prompts = new HashSet<>();
        for (Path list : lists) {
            for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = JSON.readTree(line);
                if (!node.path("eval_prompt").isTextual()) {
                    throw new IllegalArgumentException(list + " has a line without a text eval_prompt: " + line);
                }
                prompts.add(node.path("eval_prompt").asText());
            }
        }
        return prompts;
    }

    private static List<String> commonBooleanColumns(Map<Path, List<List<String>>> tables) {
        Set<String> common = null;
        for (List<List<String>> rows : tables.values()) {
            Set<String> booleans = new LinkedHashSet<>();
            List<String> header = rows.get(0);
            for (int c = 0; c < header.size(); c++) {
                if (!"prompt".equals(header.get(c)) && isBoolean(rows, c)) {
                    booleans.add(header.get(c));
                }
            }
            if (common == null) {
                common = booleans;
            } else {
                common.retainAll(booleans);
            }
        }
        return List.copyOf(common);
    }

    private static boolean isBoolean(List<List<String>> rows, int column) {
        boolean any = false;
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            if (row.size() == 1 && row.get(0).isEmpty()) {
                continue;
            }
            if (column >= row.size() || parse(row.get(column)) == null) {
                return false;
            }
            any = true;
        }
        return any;
    }

    private static double accuracy(Map<Path, List<List<String>>> tables, String name) {
        long right = 0;
        long all = 0;
        for (List<List<String>> rows : tables.values()) {
            int c = rows.get(0).indexOf(name);
            for (List<String> row : rows.subList(1, rows.size())) {
                Boolean value = c < row.size() ? parse(row.get(c)) : null;
                if (value != null) {
                    all++;
                    right += value ? 1 : 0;
                }
            }
        }
        return all == 0 ? 0 : (double) right / all;
    }

    private static int column(List<String> header, String name, Path file) {
        int index = header.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException(file + " has no column '" + name + "' (columns: " + header + ")");
        }
        return index;
    }

    private static Boolean parse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> null;
        };
    }

    private static boolean bool(String value, Path file, int row) {
        Boolean parsed = parse(value);
        if (parsed == null) {
            throw new IllegalArgumentException(file + " row " + row + ": '" + value + "' is not True or False");
        }
        return parsed;
    }
}
