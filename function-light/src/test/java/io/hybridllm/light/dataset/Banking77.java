package io.hybridllm.light.dataset;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the banking77 files copied under the repository's {@code data/banking77}. Paths are relative
 * to the module directory, which is where Maven runs tests and exec:java.
 */
public final class Banking77 {

    /** ../data/banking77 as seen from the module directory (surefire's working directory). */
    public static final Path DEFAULT_DIR = moduleDir().resolve(Path.of("..", "data", "banking77")).normalize();

    private Banking77() {}

    /**
     * The function-light module directory: surefire runs in it, while exec:java keeps the directory
     * Maven was started from (usually the repository root).
     */
    public static Path moduleDir() {
        if (Files.isDirectory(Path.of("src", "main", "resources", "kb"))) {
            return Path.of("");
        }
        return Path.of("function-light");
    }

    public static List<LabelledText> train(Path dir) throws IOException {
        return readCsv(dir.resolve("train.csv"));
    }

    public static List<LabelledText> test(Path dir) throws IOException {
        return readCsv(dir.resolve("test.csv"));
    }

    public static List<String> categories(Path dir) throws IOException {
        return new ObjectMapper().readValue(dir.resolve("categories.json").toFile(), new TypeReference<>() {});
    }

    /**
     * RFC 4180 reader for a two-column file with a header: quoted fields may contain commas, doubled
     * quotes and line breaks (a few banking77 questions do).
     */
    public static List<LabelledText> readCsv(Path file) throws IOException {
        String content = Files.readString(file, StandardCharsets.UTF_8);
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < content.length() && content.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < content.length() && content.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        if (rows.isEmpty() || !rows.get(0).equals(List.of("text", "category"))) {
            throw new IOException(file + ": expected header text,category");
        }
        List<LabelledText> out = new ArrayList<>(rows.size() - 1);
        for (int r = 1; r < rows.size(); r++) {
            List<String> fields = rows.get(r);
            if (fields.size() == 1 && fields.get(0).isEmpty()) {
                continue;
            }
            if (fields.size() != 2) {
                throw new IOException(file + ": row " + r + " has " + fields.size() + " fields");
            }
            out.add(new LabelledText(fields.get(0), fields.get(1)));
        }
        return out;
    }
}
