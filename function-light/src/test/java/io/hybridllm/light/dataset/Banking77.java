package io.hybridllm.light.dataset;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridllm.core.dataset.CsvRows;
import java.io.IOException;
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

    /** A two-column {@code text,category} file with its header. */
    public static List<LabelledText> readCsv(Path file) throws IOException {
        List<List<String>> rows = CsvRows.read(file);
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
