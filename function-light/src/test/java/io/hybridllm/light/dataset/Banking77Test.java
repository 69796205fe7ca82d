package io.hybridllm.light.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class Banking77Test {

    @Test
    void readsEveryRowIncludingQuotedLineBreaks() throws Exception {
        List<LabelledText> train = Banking77.train(Banking77.DEFAULT_DIR);
        List<LabelledText> test = Banking77.test(Banking77.DEFAULT_DIR);
        assertEquals(10003, train.size());
        assertEquals(3080, test.size());
        Set<String> categories = Set.copyOf(Banking77.categories(Banking77.DEFAULT_DIR));
        assertEquals(categories, train.stream().map(LabelledText::label).collect(Collectors.toSet()));
        assertEquals(categories, test.stream().map(LabelledText::label).collect(Collectors.toSet()));
    }

    @Test
    void parsesQuotesCommasAndNewlines(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("x.csv");
        Files.writeString(file, "text,category\n\"a, \"\"quoted\"\"\nline\",lbl\nplain,other\n");
        assertEquals(List.of(new LabelledText("a, \"quoted\"\nline", "lbl"), new LabelledText("plain", "other")),
                Banking77.readCsv(file));
    }
}
