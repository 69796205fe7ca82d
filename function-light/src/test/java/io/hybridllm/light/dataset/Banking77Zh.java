package io.hybridllm.light.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The Chinese banking77 companion under {@code data/banking77-zh}: {@code train.csv} (written for
 * training the Chinese head) and {@code test.csv} (evaluation only). Intent names are banking77's, so
 * {@link Banking77#categories(Path)} of {@code data/banking77} lists them.
 */
public final class Banking77Zh {

    /** ../data/banking77-zh as seen from the module directory. */
    public static final Path DEFAULT_DIR = Banking77.moduleDir().resolve(Path.of("..", "data", "banking77-zh"))
            .normalize();

    private Banking77Zh() {}

    public static List<LabelledText> train(Path dir) throws IOException {
        return Banking77.readCsv(dir.resolve("train.csv"));
    }

    public static List<LabelledText> test(Path dir) throws IOException {
        return Banking77.readCsv(dir.resolve("test.csv"));
    }
}
