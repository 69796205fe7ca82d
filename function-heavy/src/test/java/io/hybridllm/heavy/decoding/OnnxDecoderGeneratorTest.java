package io.hybridllm.heavy.decoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridllm.core.api.ApiException;
import io.hybridllm.core.api.ChatMessage;
import io.hybridllm.core.model.Generation;
import io.hybridllm.core.model.GenerationParams;
import io.hybridllm.core.model.ModelLoadException;
import io.hybridllm.core.model.TokenSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OnnxDecoderGeneratorTest {

    private static final List<ChatMessage> CARD = List.of(ChatMessage.user("where is my card?"));

    private static JsonNode references() throws Exception {
        return new ObjectMapper().readTree(DemoModel.dir().resolve("reference-generations.json").toFile());
    }

    private static long[] ids(JsonNode array) {
        long[] ids = new long[array.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = array.get(i).asLong();
        }
        return ids;
    }

    private static List<Long> list(JsonNode array) {
        List<Long> ids = new ArrayList<>();
        array.forEach(n -> ids.add(n.asLong()));
        return ids;
    }

    @Test
    void tokenizerAndCachedGreedyReproducePyTorchReferences() throws Exception {
        OnnxDecoderGenerator decoder = DemoModel.get();
        JsonNode refs = references();
        int maxNew = refs.get("max_new_tokens").asInt();
        assertTrue(refs.get("generations").size() >= 3, "reference file has too few prompts");
        for (JsonNode ref : refs.get("generations")) {
            String prompt = ref.get("prompt").asText();
            assertEquals(list(ref.get("prompt_token_ids")), boxed(decoder.encode(prompt)), "prompt ids of " + prompt);
            List<Long> got = decoder.greedy(ids(ref.get("prompt_token_ids")), maxNew, true);
            assertEquals(list(ref.get("greedy_token_ids")), got, "greedy ids of " + prompt);
            assertEquals(ref.get("text").asText(), decoder.decode(got.stream().mapToLong(Long::longValue).toArray()),
                    "decoded text of " + prompt);
        }
    }

    @Test
    void kvCacheGivesTheSameTokensAsFullRecomputation() throws Exception {
        OnnxDecoderGenerator decoder = DemoModel.get();
        for (String prompt : List.of("user: where is my card?\nassistant:", "The history of the bank")) {
            long[] ids = decoder.encode(prompt);
            List<Long> cached = decoder.greedy(ids, 32, true);
            List<Long> recomputed = decoder.greedy(ids, 32, false);
            assertFalse(cached.isEmpty());
            assertEquals(recomputed, cached, prompt);
        }
    }

    @Test
    void chatTemplateRendersTheTrainingFormat() throws Exception {
        OnnxDecoderGenerator decoder = DemoModel.get();
        assertEquals(references().get("generations").get(0).get("prompt").asText(), decoder.renderPrompt(CARD));
    }

    @Test
    void greedyGenerationStreamsDeltasThatConcatenateToTheText() throws Exception {
        OnnxDecoderGenerator decoder = DemoModel.get();
        StringBuilder streamed = new StringBuilder();
        Generation g = decoder.generate(CARD, GenerationParams.greedy(24), d -> {
            streamed.append(d);
            return true;
        });
        assertFalse(g.text().isEmpty());
        assertEquals(g.text(), streamed.toString());
        assertFalse(g.text().contains("\uFFFD"));
        assertEquals(decoder.encode(decoder.renderPrompt(CARD)).length, g.promptTokens());
    }

    @Test
    void seededSamplingIsReproducibleAndSeedsMatter() throws Exception {
        OnnxDecoderGenerator decoder = DemoModel.get();
        GenerationParams a = new GenerationParams(1.0, 1.0, 24, List.of(), 42L);
        String first = decoder.generate(CARD, a, TokenSink.IGNORE).text();
        assertEquals(first, decoder.generate(CARD, a, TokenSink.IGNORE).text());
        Set<String> others = new HashSet<>();
        for (long seed = 1; seed <= 4; seed++) {
            others.add(decoder.generate(CARD, new GenerationParams(1.0, 1.0, 24, List.of(), seed), TokenSink.IGNORE)
                    .text());
        }
        others.add(first);
        assertTrue(others.size() > 1, "five seeds all gave " + first);
    }

    @Test
    void tinyTopPIsGreedy() throws Exception {
        OnnxDecoderGenerator decoder = DemoModel.get();
        String greedy = decoder.generate(CARD, GenerationParams.greedy(24), TokenSink.IGNORE).text();
        for (long seed = 1; seed <= 3; seed++) {
            assertEquals(greedy, decoder.generate(CARD, new GenerationParams(1.5, 1e-6, 24, List.of(), seed),
                    TokenSink.IGNORE).text());
        }
    }

    @Test
    void stopStringCutsTheOutputAndIsNeverStreamed() throws Exception {
        OnnxDecoderGenerator decoder = DemoModel.get();
        String full = decoder.generate(CARD, GenerationParams.greedy(24), TokenSink.IGNORE).text();
        assertTrue(full.length() > 8, "greedy text too short to test stops: " + full);
        String stop = full.substring(full.length() / 2, full.length() / 2 + 3);
        List<String> deltas = new ArrayList<>();
        Generation g = decoder.generate(CARD, new GenerationParams(0, 1, 24, List.of(stop), null), d -> {
            deltas.add(d);
            return true;
        });
        assertEquals(full.substring(0, full.indexOf(stop)), g.text());
        assertEquals(g.text(), String.join("", deltas));
        assertEquals("stop", g.finishReason());
        assertTrue(g.completionTokens() < 24);
    }

    @Test
    void maxTokensEndsWithLength() throws Exception {
        OnnxDecoderGenerator decoder = DemoModel.get();
        Generation g = decoder.generate(CARD, GenerationParams.greedy(3), TokenSink.IGNORE);
        assertEquals(3, g.completionTokens());
        assertEquals("length", g.finishReason());
    }

    @Test
    void sinkReturningFalseCancels() throws Exception {
        OnnxDecoderGenerator decoder = DemoModel.get();
        int[] calls = {0};
        Generation g = decoder.generate(CARD, GenerationParams.greedy(40), d -> ++calls[0] < 2);
        assertEquals(2, calls[0]);
        Generation full = decoder.generate(CARD, GenerationParams.greedy(40), TokenSink.IGNORE);
        assertTrue(g.completionTokens() < full.completionTokens(),
                g.completionTokens() + " tokens after cancel vs " + full.completionTokens());
    }

    @Test
    void promptLongerThanTheContextIsAClientError() throws Exception {
        OnnxDecoderGenerator decoder = DemoModel.get();
        String huge = "card ".repeat(decoder.config().maxPositions() * 2);
        ApiException e = assertThrows(ApiException.class,
                () -> decoder.generate(List.of(ChatMessage.user(huge)), GenerationParams.greedy(4), TokenSink.IGNORE));
        assertEquals(400, e.error().status());
        assertEquals("context_length_exceeded", e.error().code());
    }

    @Test
    void aTruncatingDecoderKeepsTheEndOfALongConversation() throws Exception {
        try (OnnxDecoderGenerator decoder = OnnxDecoderGenerator.load(DemoModel.dir(), "t", "cpu", 1, true)) {
            String filler = "card ".repeat(decoder.config().maxPositions() * 2);
            List<ChatMessage> longOne = List.of(ChatMessage.user(filler + "where is my card?"));
            Generation g = decoder.generate(longOne, GenerationParams.greedy(8), TokenSink.IGNORE);
            assertTrue(g.promptTokens() < decoder.config().maxPositions(), "prompt kept " + g.promptTokens());
            assertTrue(g.completionTokens() >= 1);
            assertTrue(g.promptTokens() + g.completionTokens() <= decoder.config().maxPositions());
        }
    }

    @Test
    void versionFollowsTheFiles(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
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
    void missingFilesAreReportedClearly(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("config.json"), "{}");
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> OnnxDecoderGenerator.load(tmp, "x", "cpu", 1));
        assertTrue(e.getMessage().contains("tokenizer.json"), e.getMessage());
    }

    private static List<Long> boxed(long[] ids) {
        List<Long> out = new ArrayList<>();
        for (long id : ids) {
            out.add(id);
        }
        return out;
    }
}
