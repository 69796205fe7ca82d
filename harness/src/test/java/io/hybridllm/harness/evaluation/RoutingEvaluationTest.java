package io.hybridllm.harness.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** eval-routing on a small RouteLLM-format directory written here: columns found, contamination honoured, files written. */
class RoutingEvaluationTest {

    @TempDir
    Path dir;

    private void writeData() throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/a.csv"), """
                prompt,small-model,big-model
                "What is 2 + 2?",True,True
                "Prove, step by step, that the square root of 2 is irrational.",False,True
                "Calculate 17 * 23 and explain why.",False,True
                hello,True,True
                "Which of the following is a prime?
                A. 4
                B. 6
                C. 7
                D. 8
                Answer:",False,False
                """, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("b.csv"), """
                prompt,big-model,small-model
                "Translate 'cat' to French.",True,True
                leaked question,True,False
                """, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("b_contaminated_prompts.jsonl"), "{\"eval_prompt\": \"leaked question\"}\n",
                StandardCharsets.UTF_8);
    }

    @Test
    void readsAnyDirectoryInTheFormatAndTellsWeakFromStrong() throws Exception {
        writeData();
        RoutingData data = RoutingData.read(dir, Optional.empty(), Optional.empty());
        assertEquals(6, data.prompts().size());
        assertEquals(1, data.contaminatedDropped());
        assertEquals("small-model", data.weak());
        assertEquals("big-model", data.strong());
        assertEquals(2, data.prompts().stream().filter(RoutingPrompt::heavyNeeded).count());
        assertThrows(IllegalArgumentException.class, () -> RoutingData.read(dir, Optional.of("small-model"), Optional.empty()));
        assertThrows(IllegalArgumentException.class,
                () -> RoutingData.read(dir, Optional.of("nope"), Optional.of("big-model")));
    }

    @Test
    void writesMetricsCurveAndPlot() throws Exception {
        writeData();
        Path out = dir.resolve("out/report.json");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        new RoutingEvaluation(new PrintStream(log, true, StandardCharsets.UTF_8)).run(new RoutingEvaluation.Options(dir,
                Optional.empty(), Optional.empty(), out, "features", Optional.empty(), 1, dir.resolve("cache")));
        JsonNode report = new ObjectMapper().readTree(out.toFile());
        assertEquals(6, report.path("prompts").asInt());
        assertTrue(report.path("apgr").isNumber() && report.path("cpt50").isNumber() && report.path("cpt80").isNumber());
        JsonNode curve = report.path("curve");
        assertEquals(0.0, curve.get(0).path("heavy_share").asDouble());
        assertEquals(100.0, curve.get(curve.size() - 1).path("heavy_share").asDouble());
        assertEquals(0.5, report.at("/baselines/random/apgr").asDouble());
        assertEquals(round(2.0 / 6 * 100), report.at("/baselines/optimal/heavy_needed_share").asDouble(), 1e-3);
        assertTrue(ImageIO.read(dir.resolve("out/report.png").toFile()).getWidth() > 0);
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("APGR"));
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
