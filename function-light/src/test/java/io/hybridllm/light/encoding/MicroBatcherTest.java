package io.hybridllm.light.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridllm.core.model.InferenceException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MicroBatcherTest {

    /** A fake encoder: the vector of "t17" is {17}; each run takes a few milliseconds and is recorded. */
    static final class RecordingRun implements MicroBatcher.BatchRun {
        final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
        volatile boolean failNext;

        @Override
        public float[][] run(List<String> texts) throws InferenceException {
            batchSizes.add(texts.size());
            try {
                Thread.sleep(3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failNext) {
                failNext = false;
                throw new InferenceException("simulated ONNX failure", null);
            }
            float[][] out = new float[texts.size()][];
            for (int i = 0; i < texts.size(); i++) {
                out[i] = new float[] {Integer.parseInt(texts.get(i).substring(1))};
            }
            return out;
        }
    }

    @Test
    void aLoneCallerRunsABatchOfOneAtOnce() throws Exception {
        RecordingRun run = new RecordingRun();
        MicroBatcher batcher = new MicroBatcher(run, 8);
        for (int i = 0; i < 5; i++) {
            assertEquals(i, batcher.embed("t" + i)[0]);
        }
        assertEquals(List.of(1, 1, 1, 1, 1), run.batchSizes);
    }

    @Test
    void concurrentCallersShareRunsAndEachGetsItsOwnVector() throws Exception {
        RecordingRun run = new RecordingRun();
        MicroBatcher batcher = new MicroBatcher(run, 4);
        int callers = 16;
        int perCaller = 20;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> wrong = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            int caller = c;
            wrong.add(pool.submit(() -> {
                start.await();
                int mismatches = 0;
                for (int i = 0; i < perCaller; i++) {
                    int id = caller * 1000 + i;
                    mismatches += batcher.embed("t" + id)[0] == id ? 0 : 1;
                }
                return mismatches;
            }));
        }
        start.countDown();
        for (Future<Integer> f : wrong) {
            assertEquals(0, f.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        int texts = run.batchSizes.stream().mapToInt(Integer::intValue).sum();
        assertEquals(callers * perCaller, texts);
        assertTrue(run.batchSizes.stream().allMatch(size -> size <= 4), "batch above the limit: " + run.batchSizes);
        assertTrue(run.batchSizes.size() < texts, "no batch ever held more than one text: " + run.batchSizes);
        assertEquals((double) texts / run.batchSizes.size(), (double) batcher.texts() / batcher.batches(), 1e-9);
    }

    @Test
    void aFailedRunFailsItsCallersAndTheNextCallSucceeds() throws Exception {
        RecordingRun run = new RecordingRun();
        MicroBatcher batcher = new MicroBatcher(run, 8);
        run.failNext = true;
        InferenceException failure = assertThrows(InferenceException.class, () -> batcher.embed("t1"));
        assertEquals("simulated ONNX failure", failure.getMessage());
        assertEquals(2, batcher.embed("t2")[0]);
    }

    @Test
    void rejectsABatchLimitBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> new MicroBatcher(new RecordingRun(), 0));
    }
}
