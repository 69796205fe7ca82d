package io.hybridllm.heavy.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridllm.core.api.ApiException;
import io.hybridllm.core.model.InferenceException;
import io.hybridllm.heavy.decoding.BatchDecoder;
import io.hybridllm.heavy.decoding.KvCache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scheduling logic against a scripted decoder whose steps the test releases one by one, so that
 * "the batch is full", "a slot was freed" and "a step failed" happen exactly when the test says.
 * The scripted model's next token is the row's last token + 1 (mod 100), so a row mixed up with
 * another during a regroup would show at once.
 */
@Timeout(60) // a scheduling deadlock fails the test instead of hanging the build
class BatchSchedulerTest {

    private static final long EOS = 99;

    /** A cache that is just each row's token history. */
    private record Rows(List<List<Long>> history) implements KvCache {
        @Override
        public int rows() {
            return history.size();
        }

        @Override
        public int length(int row) {
            return history.get(row).size();
        }

        @Override
        public void close() {
        }
    }

    private static final class ScriptedDecoder implements BatchDecoder {
        final Semaphore steps = new Semaphore(0);
        final List<Integer> prefillSizes = new CopyOnWriteArrayList<>();
        final List<Integer> decodeSizes = new CopyOnWriteArrayList<>();
        volatile boolean failNext;

        @Override
        public int vocabSize() {
            return 100;
        }

        private static float[] oneHot(long last) {
            float[] logits = new float[100];
            logits[(int) ((last + 1) % 100)] = 1f;
            return logits;
        }

        @Override
        public Step prefill(List<long[]> prompts) throws InferenceException {
            prefillSizes.add(prompts.size());
            List<List<Long>> rows = new ArrayList<>();
            float[][] logits = new float[prompts.size()][];
            for (int i = 0; i < prompts.size(); i++) {
                List<Long> row = new ArrayList<>();
                for (long id : prompts.get(i)) {
                    row.add(id);
                }
                rows.add(row);
                logits[i] = oneHot(row.get(row.size() - 1));
            }
            return new Step(new Rows(rows), logits);
        }

        @Override
        public Step decode(KvCache cache, long[] tokens) throws InferenceException {
            try {
                steps.acquire();
            } catch (InterruptedException e) {
                throw new InferenceException("interrupted", e);
            }
            if (failNext) {
                failNext = false;
                throw new InferenceException("scripted failure");
            }
            decodeSizes.add(tokens.length);
            List<List<Long>> rows = new ArrayList<>();
            float[][] logits = new float[tokens.length][];
            for (int i = 0; i < tokens.length; i++) {
                List<Long> row = new ArrayList<>(((Rows) cache).history().get(i));
                row.add(tokens[i]);
                rows.add(row);
                logits[i] = oneHot(tokens[i]);
            }
            return new Step(new Rows(rows), logits);
        }

        @Override
        public KvCache gather(List<Row> rows) {
            List<List<Long>> out = new ArrayList<>();
            for (Row row : rows) {
                out.add(((Rows) row.cache()).history().get(row.index()));
            }
            return new Rows(out);
        }
    }

    private final ScriptedDecoder decoder = new ScriptedDecoder();
    private BatchScheduler scheduler;

    private BatchScheduler start(int maxSequences, int maxQueue, int maxPrefillTokens, Duration maxWait) {
        scheduler = new BatchScheduler(decoder, new BatchScheduler.Settings(maxSequences, maxQueue,
                maxPrefillTokens, maxWait, 7, 429), size -> { });
        return scheduler;
    }

    @AfterEach
    void stop() {
        decoder.steps.release(10_000);
        scheduler.close();
    }

    private static SequenceRequest request(long start, int maxNew) {
        return new SequenceRequest(new long[] {start}, maxNew, 0, 1, null, Set.of(EOS));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(2);
        }
    }

    private static List<Long> range(long from, int count) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add((from + i) % 100);
        }
        return out;
    }

    @Test
    void rowsKeepTheirOwnContinuationsAcrossJoinsAndLeaves() throws Exception {
        start(4, 4, 100, Duration.ofSeconds(30));
        SequenceHandle a = scheduler.submit(request(10, 6));
        await(() -> decoder.prefillSizes.size() == 1, "a is prefilled");
        decoder.steps.release(2);
        await(() -> decoder.decodeSizes.size() == 2, "two steps of a alone");
        SequenceHandle b = scheduler.submit(request(50, 2));
        SequenceHandle c = scheduler.submit(request(70, 5));
        decoder.steps.release(100);
        assertEquals(range(11, 6), a.await().tokens());
        assertEquals(range(51, 2), b.await().tokens());
        assertEquals(range(71, 5), c.await().tokens());
        assertEquals(1, decoder.decodeSizes.get(0));
        assertTrue(decoder.decodeSizes.stream().anyMatch(n -> n == 3), "a, b and c never decoded together: "
                + decoder.decodeSizes);
    }

    @Test
    void fullSlotsAndQueueAreRefusedAtOnceWithRetryAfter() throws Exception {
        start(2, 1, 100, Duration.ofSeconds(30));
        SequenceHandle a = scheduler.submit(request(1, 50));
        SequenceHandle b = scheduler.submit(request(2, 50));
        await(() -> scheduler.inFlight() == 2, "a and b run");
        SequenceHandle queued = scheduler.submit(request(3, 2));
        assertEquals(1, scheduler.queueDepth());
        OverloadedException e = assertThrows(OverloadedException.class, () -> scheduler.submit(request(4, 2)));
        assertEquals(429, e.error().status());
        assertEquals("overloaded", e.error().code());
        assertEquals(7, e.retryAfterSeconds());
        // All or nothing: a group that does not fit whole is refused whole.
        assertThrows(OverloadedException.class, () -> scheduler.submitAll(List.of(request(5, 1), request(6, 1))));
        a.cancel();
        decoder.steps.release(1);
        await(() -> scheduler.queueDepth() == 0, "the queued sequence takes the freed slot");
        decoder.steps.release(100);
        assertEquals(range(4, 2), queued.await().tokens());
        assertEquals("cancelled", a.await().finishReason());
        b.cancel();
        decoder.steps.release(1);
        await(() -> scheduler.inFlight() == 0, "every slot is free");
    }

    @Test
    void aSequenceCancelledWhileQueuedNeverRuns() throws Exception {
        start(1, 2, 100, Duration.ofSeconds(30));
        SequenceHandle a = scheduler.submit(request(1, 3));
        SequenceHandle gone = scheduler.submit(request(40, 3));
        gone.cancel();
        decoder.steps.release(100);
        assertEquals(range(2, 3), a.await().tokens());
        SequenceHandle.Result result = gone.await();
        assertEquals("cancelled", result.finishReason());
        assertEquals(List.of(), result.tokens());
        assertEquals(1, decoder.prefillSizes.size(), "the cancelled sequence was prefilled");
    }

    @Test
    void waitingLongerThanTheLimitIsRefused() throws Exception {
        start(1, 4, 100, Duration.ofMillis(1));
        SequenceHandle a = scheduler.submit(request(1, 50));
        await(() -> scheduler.inFlight() == 1, "a runs");
        SequenceHandle late = scheduler.submit(request(2, 2));
        Thread.sleep(5); // past the 1 ms limit; the next iteration refuses it
        decoder.steps.release(1);
        ApiException e = assertThrows(OverloadedException.class, late::await);
        assertEquals(429, e.error().status());
        assertEquals(0, scheduler.queueDepth());
        a.cancel();
        decoder.steps.release(100);
    }

    @Test
    void aFailedStepFailsItsBatchAndTheSchedulerGoesOn() throws Exception {
        start(4, 4, 100, Duration.ofSeconds(30));
        List<SequenceHandle> batch = scheduler.submitAll(List.of(request(1, 10), request(20, 10)));
        await(() -> decoder.prefillSizes.size() == 1, "prefilled");
        decoder.failNext = true;
        decoder.steps.release(1);
        for (SequenceHandle handle : batch) {
            InferenceException e = assertThrows(InferenceException.class, handle::await);
            assertTrue(e.getMessage().contains("scripted failure"), e.getMessage());
        }
        await(() -> scheduler.inFlight() == 0, "failed sequences release their slots");
        decoder.steps.release(100);
        assertEquals(range(31, 3), scheduler.submit(request(30, 3)).await().tokens());
    }

    @Test
    void eosAndTheTokenBudgetEndSequences() throws Exception {
        start(4, 4, 100, Duration.ofSeconds(30));
        decoder.steps.release(100);
        SequenceHandle.Result eos = scheduler.submit(request(96, 10)).await();
        assertEquals(List.of(97L, 98L, 99L), eos.tokens());
        assertEquals("stop", eos.finishReason());
        SequenceHandle.Result length = scheduler.submit(request(5, 4)).await();
        assertEquals(range(6, 4), length.tokens());
        assertEquals("length", length.finishReason());
    }

    @Test
    void thePrefillBudgetSplitsAdmissionsButNeverStarvesALongPrompt() throws Exception {
        start(8, 8, 4, Duration.ofSeconds(30));
        List<SequenceRequest> requests = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            requests.add(new SequenceRequest(new long[] {1, 2}, 1, 0, 1, null, Set.of(EOS)));
        }
        requests.add(new SequenceRequest(new long[] {1, 2, 3, 4, 5, 6, 7}, 1, 0, 1, null, Set.of(EOS)));
        for (SequenceHandle handle : scheduler.submitAll(requests)) {
            handle.await();
        }
        // 2-token prompts two at a time (2 x 2 <= 4), the 7-token prompt alone.
        assertEquals(List.of(2, 2, 2, 1), decoder.prefillSizes);
    }

    @Test
    void closingFailsWhatIsLeftWith503() throws Exception {
        start(1, 2, 100, Duration.ofSeconds(30));
        SequenceHandle running = scheduler.submit(request(1, 50));
        SequenceHandle queued = scheduler.submit(request(2, 50));
        await(() -> scheduler.inFlight() == 1, "one runs");
        Thread closer = new Thread(scheduler::close);
        closer.start();
        // Release the step only once close() has flagged the scheduler and waits for its thread;
        // released earlier, the scheduler could start another step that nothing releases.
        await(() -> closer.getState() == Thread.State.TIMED_WAITING, "close() waits for the scheduler");
        decoder.steps.release(1);
        closer.join();
        for (SequenceHandle handle : List.of(running, queued)) {
            SequenceHandle.Event event = handle.next();
            while (event instanceof SequenceHandle.Token) {
                event = handle.next();
            }
            ApiException e = (ApiException) assertInstanceOf(SequenceHandle.Failed.class, event).error();
            assertEquals(503, e.error().status());
        }
        assertThrows(ApiException.class, () -> scheduler.submit(request(3, 1)));
    }
}
