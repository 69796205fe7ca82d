package io.hybridllm.core.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRowsTest {

    @Test
    void csvKeepsQuotedCommasQuotesAndNewlines() throws Exception {
        Path file = Files.createTempFile("rows", ".csv");
        Files.writeString(file, "prompt,ok\n\"a, \"\"quoted\"\"\nline\",True\r\nplain,False\n");
        List<List<String>> rows = CsvRows.read(file);
        assertEquals(List.of(List.of("prompt", "ok"), List.of("a, \"quoted\"\nline", "True"), List.of("plain", "False")),
                rows);
    }
}
