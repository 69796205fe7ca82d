package io.hybridllm.heavy.decoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridllm.core.api.ChatMessage;
import io.hybridllm.core.model.ModelLoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model itself: tokenizer, template, the uncached reference decoding, loading. */
class OnnxDecoderTest {

    @Test
    void tokenizerAndUncachedGreedyReproducePyTorchReferences() throws Exception {
        OnnxDecoder decoder = DemoModel.decoder();
        References refs = References.read(DemoModel.dir());
        assertTrue(refs.generations().size() >= 3, "reference file has too few prompts");
        for (References.Reference ref : refs.generations()) {
            assertEquals(References.boxed(ref.promptIds()), References.boxed(decoder.encode(ref.prompt())),
                    "prompt ids of " + ref.prompt());
            List<Long> got = decoder.greedyWithoutCache(ref.promptIds(), refs.maxNewTokens());
            assertEquals(ref.greedy(), got, "greedy ids of " + ref.prompt());
            assertEquals(ref.text(), decoder.decode(got.stream().mapToLong(Long::longValue).toArray()),
                    "decoded text of " + ref.prompt());
        }
    }

    @Test
    void chatTemplateRendersTheTrainingFormat() throws Exception {
        OnnxDecoder decoder = DemoModel.decoder();
        assertEquals(References.read(DemoModel.dir()).generations().get(0).prompt(),
                decoder.renderPrompt(List.of(ChatMessage.user("where is my card?"))));
    }

    @Test
    void describesWhatItLoaded() throws Exception {
        OnnxDecoder decoder = DemoModel.decoder();
        assertEquals("CPUExecutionProvider", decoder.provider());
        assertTrue(ModelFiles.GRAPHS.contains(decoder.graph()), decoder.graph());
        assertTrue(decoder.batchable());
        assertTrue(decoder.version().startsWith("sha256:"));
    }

    @Test
    void versionFollowsTheFiles(@TempDir Path tmp) throws Exception {
        Path dir = DemoModel.dir();
        for (String name : List.of("config.json", "tokenizer.json", "model.onnx")) {
            Files.copy(dir.resolve(name), tmp.resolve(name));
        }
        String before = ModelFiles.fingerprint(tmp);
        assertEquals(before, ModelFiles.fingerprint(tmp));
        Files.writeString(tmp.resolve("config.json"), Files.readString(tmp.resolve("config.json")) + " ");
        assertNotEquals(before, ModelFiles.fingerprint(tmp));
    }

    @Test
    void missingFilesAreReportedClearly(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("config.json"), "{}");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> OnnxDecoder.load(tmp, "cpu", 1));
        assertTrue(e.getMessage().contains("tokenizer.json"), e.getMessage());
        Files.copy(DemoModel.dir().resolve("tokenizer.json"), tmp.resolve("tokenizer.json"));
        e = assertThrows(ModelLoadException.class, () -> OnnxDecoder.load(tmp, "cpu", 1));
        assertTrue(e.getMessage().contains("no decoder graph") && e.getMessage().contains("model.onnx"),
                e.getMessage());
    }

    @Test
    void aGraphWithoutThePastInputsIsRefused(@TempDir Path tmp) throws Exception {
        // The demo's config with one layer more than the graph has: layer 4's past input is missing.
        Path dir = DemoModel.dir();
        for (String name : List.of("tokenizer.json", "model.onnx")) {
            Files.copy(dir.resolve(name), tmp.resolve(name));
        }
        Files.writeString(tmp.resolve("config.json"), Files.readString(dir.resolve("config.json"))
                .replace("\"num_hidden_layers\": 4", "\"num_hidden_layers\": 5"));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> OnnxDecoder.load(tmp, "cpu", 1));
        assertTrue(e.getMessage().contains("past_key_values.4.key"), e.getMessage());
    }

    @Test
    void cudaOnAMachineWithoutItFailsClearly() {
        org.junit.jupiter.api.Assumptions.assumeFalse(ai.onnxruntime.OrtEnvironment.getAvailableProviders()
                .contains(ai.onnxruntime.OrtProvider.CUDA), "this onnxruntime build has CUDA");
        // The CPU-only onnxruntime artifact (the build default) has no CUDA provider.
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> OnnxDecoder.load(DemoModel.dir(), "cuda", 1));
        assertTrue(e.getMessage().contains("CUDA is unavailable"), e.getMessage());
    }
}
