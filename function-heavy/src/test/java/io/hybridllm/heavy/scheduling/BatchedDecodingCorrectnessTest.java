package io.hybridllm.heavy.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridllm.core.model.GenerationParams;
import io.hybridllm.heavy.decoding.DemoModel;
import io.hybridllm.heavy.decoding.OnnxDecoder;
import io.hybridllm.heavy.decoding.References;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The production path (KV cache, continuous batching, left padding, cache regrouping) gives
 * exactly the tokens of full recomputation without a cache, which give exactly the tokens PyTorch
 * recorded: alone, all together, joining a running batch, and with a neighbour cancelled.
 */
@Timeout(120) // a scheduling deadlock fails the test instead of hanging the build
class BatchedDecodingCorrectnessTest {

    /**
     * Long enough that a sequence is still decoding when others join or leave. The demo model ends
     * its replies after 30-50 tokens, so long sequences ignore eos (the model's output after eos is
     * still a deterministic function of the tokens so far, which is all these checks need).
     */
    private static final int LONG = 80;

    private static References refs;
    private static OnnxDecoder decoder;
    private static BatchingGenerator generator;
    /** Uncached greedy continuations of every reference prompt, to eos. */
    private static List<List<Long>> uncached;
    /** Uncached greedy continuations of every reference prompt, {@link #LONG} tokens, eos ignored. */
    private static List<List<Long>> uncachedLong;

    @BeforeAll
    static void load() throws Exception {
        refs = References.read(DemoModel.dir());
        decoder = DemoModel.decoder();
        generator = DemoModel.generator();
        uncached = new ArrayList<>();
        uncachedLong = new ArrayList<>();
        for (References.Reference ref : refs.generations()) {
            uncachedLong.add(decoder.greedyWithoutCache(ref.promptIds(), LONG, false));
            List<Long> tokens = decoder.greedyWithoutCache(ref.promptIds(), LONG);
            // Full recomputation agrees with PyTorch where PyTorch was recorded.
            assertEquals(ref.greedy(), tokens.subList(0, Math.min(tokens.size(), ref.greedy().size())),
                    "uncached greedy of " + ref.prompt());
            uncached.add(tokens);
        }
    }

    private static SequenceRequest greedy(int ref, int maxNew) {
        return new SequenceRequest(refs.generations().get(ref).promptIds(), maxNew, 0, 1, null,
                decoder.config().eosIds());
    }

    /** Greedy to {@link #LONG} tokens with eos ignored. */
    private static SequenceRequest greedyLong(int ref) {
        return new SequenceRequest(refs.generations().get(ref).promptIds(), LONG, 0, 1, null, Set.of());
    }

    @Test
    void cachedGreedyAloneEqualsUncachedAndPyTorch() throws Exception {
        for (int i = 0; i < refs.generations().size(); i++) {
            SequenceHandle.Result result = generator.scheduler().submit(greedy(i, refs.maxNewTokens())).await();
            assertEquals(refs.generations().get(i).greedy(), result.tokens(), refs.generations().get(i).prompt());
            assertTrue(result.peakBatch() <= 1, "decoded alone");
        }
        for (int i = 0; i < refs.generations().size(); i++) {
            assertEquals(uncachedLong.get(i), generator.scheduler().submit(greedyLong(i)).await().tokens());
        }
    }

    @Test
    void promptsOfDifferentLengthsDecodedTogether() throws Exception {
        List<SequenceRequest> all = new ArrayList<>();
        for (int i = 0; i < refs.generations().size(); i++) {
            all.add(greedy(i, refs.maxNewTokens()));
        }
        List<SequenceHandle> handles = generator.scheduler().submitAll(all);
        // Sequences whose first token (from the prefill) is eos never reach a decoding step.
        long decoding = refs.generations().stream().filter(r -> r.greedy().size() > 1).count();
        assertTrue(decoding >= 3, "too few references decode past their first token");
        for (int i = 0; i < handles.size(); i++) {
            SequenceHandle.Result result = handles.get(i).await();
            assertEquals(refs.generations().get(i).greedy(), result.tokens(), refs.generations().get(i).prompt());
            if (result.tokens().size() > 1) {
                assertEquals(decoding, result.peakBatch(), "prefilled and decoded together");
            }
        }
    }

    @Test
    void sequencesJoiningARunningBatchMidway() throws Exception {
        SequenceHandle running = generator.scheduler().submit(greedyLong(0));
        List<Long> firstTokens = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            firstTokens.add(((SequenceHandle.Token) running.next()).id());
        }
        // More join while the first is decoding (75 steps to go): the cache is regrouped, left-padded.
        List<SequenceHandle> joined = generator.scheduler().submitAll(List.of(greedyLong(2),
                greedy(1, refs.maxNewTokens())));
        SequenceHandle late = generator.scheduler().submit(greedy(3, refs.maxNewTokens()));
        SequenceHandle.Result rest = running.await();
        firstTokens.addAll(rest.tokens());
        assertEquals(uncachedLong.get(0), firstTokens);
        assertTrue(rest.peakBatch() >= 2, "the first sequence was never decoded with the others");
        assertEquals(uncachedLong.get(2), joined.get(0).await().tokens());
        assertEquals(refs.generations().get(1).greedy(), joined.get(1).await().tokens());
        assertEquals(refs.generations().get(3).greedy(), late.await().tokens());
    }

    @Test
    void cancellingOneSequenceLeavesTheOthersExactAndFreesItsSlot() throws Exception {
        List<SequenceHandle> handles = generator.scheduler().submitAll(List.of(greedyLong(0), greedyLong(3),
                greedy(2, refs.maxNewTokens())));
        SequenceHandle victim = handles.get(1);
        for (int k = 0; k < 3; k++) {
            victim.next();
        }
        victim.cancel();
        SequenceHandle.Event event = victim.next();
        while (event instanceof SequenceHandle.Token) {
            event = victim.next();
        }
        assertEquals("cancelled", ((SequenceHandle.Finished) event).reason());
        assertTrue(generator.scheduler().inFlight() <= 2, "the cancelled sequence still holds a slot");
        assertEquals(uncachedLong.get(0), handles.get(0).await().tokens());
        assertEquals(refs.generations().get(2).greedy(), handles.get(2).await().tokens());
    }

    @Test
    void seededSamplingGivesTheSameTokensAloneAndInABatch() throws Exception {
        GenerationParams sampled = new GenerationParams(1.0, 0.9, 40, List.of(), 7L);
        long[] prompt = refs.generations().get(0).promptIds();
        List<Long> alone = generator.submit(prompt, sampled).await().tokens();
        List<SequenceRequest> batch = new ArrayList<>();
        for (int i = 1; i < refs.generations().size(); i++) {
            batch.add(greedy(i, refs.maxNewTokens()));
        }
        batch.add(new SequenceRequest(prompt, 40, 1.0, 0.9, 7L, decoder.config().eosIds()));
        List<SequenceHandle> handles = generator.scheduler().submitAll(batch);
        SequenceHandle.Result together = handles.get(handles.size() - 1).await();
        assertEquals(alone, together.tokens());
        assertTrue(together.peakBatch() > 1);
        for (int i = 0; i < handles.size() - 1; i++) {
            assertEquals(refs.generations().get(i + 1).greedy(), handles.get(i).await().tokens());
        }
    }
}
