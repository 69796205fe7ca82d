package io.hybridllm.heavy.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridllm.core.api.ApiException;
import io.hybridllm.core.api.ChatMessage;
import io.hybridllm.core.model.Generation;
import io.hybridllm.core.model.GenerationParams;
import io.hybridllm.core.model.TokenSink;
import io.hybridllm.heavy.decoding.DemoModel;
import io.hybridllm.heavy.decoding.OnnxDecoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Text-level behaviour of generations through the batch scheduler. */
class BatchingGeneratorTest {

    private static final List<ChatMessage> CARD = List.of(ChatMessage.user("where is my card?"));

    @Test
    void greedyGenerationStreamsDeltasThatConcatenateToTheText() throws Exception {
        BatchingGenerator generator = DemoModel.generator();
        StringBuilder streamed = new StringBuilder();
        Generation g = generator.generate(CARD, GenerationParams.greedy(24), d -> {
            streamed.append(d);
            return true;
        });
        assertFalse(g.text().isEmpty());
        assertEquals(g.text(), streamed.toString());
        assertFalse(g.text().contains("\uFFFD"));
        OnnxDecoder decoder = generator.decoder();
        assertEquals(decoder.encode(decoder.renderPrompt(CARD)).length, g.promptTokens());
        // The reference reply of this prompt, decoded without the cache, is the same text.
        long[] prompt = decoder.encode(decoder.renderPrompt(CARD));
        List<Long> reference = decoder.greedyWithoutCache(prompt, 24);
        assertEquals(decoder.decode(reference.stream().mapToLong(Long::longValue).toArray()).stripLeading(), g.text());
    }

    @Test
    void seededSamplingIsReproducibleAndSeedsMatter() throws Exception {
        BatchingGenerator generator = DemoModel.generator();
        GenerationParams a = new GenerationParams(1.0, 1.0, 24, List.of(), 42L);
        String first = generator.generate(CARD, a, TokenSink.IGNORE).text();
        assertEquals(first, generator.generate(CARD, a, TokenSink.IGNORE).text());
        Set<String> others = new HashSet<>();
        for (long seed = 1; seed <= 4; seed++) {
            others.add(generator.generate(CARD, new GenerationParams(1.0, 1.0, 24, List.of(), seed),
                    TokenSink.IGNORE).text());
        }
        others.add(first);
        assertTrue(others.size() > 1, "five seeds all gave " + first);
    }

    @Test
    void tinyTopPIsGreedy() throws Exception {
        BatchingGenerator generator = DemoModel.generator();
        String greedy = generator.generate(CARD, GenerationParams.greedy(24), TokenSink.IGNORE).text();
        for (long seed = 1; seed <= 3; seed++) {
            assertEquals(greedy, generator.generate(CARD, new GenerationParams(1.5, 1e-6, 24, List.of(), seed),
                    TokenSink.IGNORE).text());
        }
    }

    @Test
    void stopStringCutsTheOutputAndIsNeverStreamed() throws Exception {
        BatchingGenerator generator = DemoModel.generator();
        String full = generator.generate(CARD, GenerationParams.greedy(24), TokenSink.IGNORE).text();
        assertTrue(full.length() > 8, "greedy text too short to test stops: " + full);
        String stop = full.substring(full.length() / 2, full.length() / 2 + 3);
        List<String> deltas = new ArrayList<>();
        Generation g = generator.generate(CARD, new GenerationParams(0, 1, 24, List.of(stop), null), d -> {
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
        Generation g = DemoModel.generator().generate(CARD, GenerationParams.greedy(3), TokenSink.IGNORE);
        assertEquals(3, g.completionTokens());
        assertEquals("length", g.finishReason());
    }

    @Test
    void sinkReturningFalseCancels() throws Exception {
        BatchingGenerator generator = DemoModel.generator();
        int[] calls = {0};
        Generation g = generator.generate(CARD, GenerationParams.greedy(40), d -> ++calls[0] < 2);
        assertEquals(2, calls[0]);
        Generation full = generator.generate(CARD, GenerationParams.greedy(40), TokenSink.IGNORE);
        assertTrue(g.completionTokens() < full.completionTokens(),
                g.completionTokens() + " tokens after cancel vs " + full.completionTokens());
    }

    @Test
    void promptLongerThanTheContextIsAClientError() throws Exception {
        BatchingGenerator generator = DemoModel.generator();
        String huge = "card ".repeat(generator.decoder().config().maxPositions() * 2);
        ApiException e = assertThrows(ApiException.class, () -> generator.generate(
                List.of(ChatMessage.user(huge)), GenerationParams.greedy(4), TokenSink.IGNORE));
        assertEquals(400, e.error().status());
        assertEquals("context_length_exceeded", e.error().code());
    }

    @Test
    void aTruncatingGeneratorKeepsTheEndOfALongConversation() throws Exception {
        OnnxDecoder decoder = DemoModel.decoder();
        BatchingGenerator truncating = new BatchingGenerator(decoder, "t", true,
                new BatchScheduler.Settings(2, 2, 2048, Duration.ofSeconds(30), 1, 503), size -> { });
        try {
            int context = decoder.config().maxPositions();
            String filler = "card ".repeat(context * 2);
            Generation g = truncating.generate(List.of(ChatMessage.user(filler + "where is my card?")),
                    GenerationParams.greedy(8), TokenSink.IGNORE);
            assertTrue(g.promptTokens() < context, "prompt kept " + g.promptTokens());
            assertTrue(g.completionTokens() >= 1);
            assertTrue(g.promptTokens() + g.completionTokens() <= context);
        } finally {
            truncating.scheduler().close(); // not truncating.close(): the decoder is shared
        }
    }
}
