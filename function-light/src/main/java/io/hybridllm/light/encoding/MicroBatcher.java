package io.hybridllm.light.encoding;

import io.hybridllm.core.model.InferenceException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Embeds single texts from concurrent callers together: whoever finds the encoder idle runs one ONNX
 * call for every text waiting at that moment (up to {@code maxBatch}), its own included, and hands the
 * others their vectors (flat combining). No thread of its own and no waiting window: a caller that is
 * alone runs a batch of one at once, exactly as without batching, so a single query pays nothing.
 *
 * <p>Batches form only while an inference is running, i.e. under concurrent load, which is when they
 * raise throughput (one ONNX call amortises its fixed cost over the batch). With dynamically quantised
 * INT8 weights a vector computed in a batch differs slightly from the one computed alone (activation
 * scales are per tensor, padding included; measured cosine to the lone vector 0.982-0.999), which is
 * why the light function ships with micro-batching off ({@code hybrid.light.micro-batch-size=1}).
 */
final class MicroBatcher {

    /** Runs one ONNX call for all texts given, in order. */
    interface BatchRun {
        float[][] run(List<String> texts) throws InferenceException;
    }

    private record Pending(String text, CompletableFuture<float[]> vector) {}

    /** Batches a combiner runs for others after its own, while texts are waiting. */
    private static final int EXTRA_BATCHES = 4;
    /** How long a waiter sleeps before trying to become the combiner itself (about one small batch). */
    private static final long WAIT_BEFORE_RETRY_MICROS = 500;

    private final BatchRun batchRun;
    private final int maxBatch;
    private final ConcurrentLinkedQueue<Pending> waiting = new ConcurrentLinkedQueue<>();
    private final ReentrantLock encoderIdle = new ReentrantLock();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong texts = new AtomicLong();

    MicroBatcher(BatchRun batchRun, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("micro-batch size must be at least 1, got " + maxBatch);
        }
        this.batchRun = batchRun;
        this.maxBatch = maxBatch;
    }

    float[] embed(String text) throws InferenceException {
        Pending mine = new Pending(text, new CompletableFuture<>());
        waiting.add(mine);
        while (!mine.vector().isDone()) {
            if (encoderIdle.tryLock()) {
                try {
                    // Serve batches until ours is done, then a few more for whoever queued meanwhile, so
                    // waiters are rarely left to notice on their own that the encoder is free again.
                    while (!mine.vector().isDone()) {
                        runOneBatch();
                    }
                    for (int extra = 0; extra < EXTRA_BATCHES && !waiting.isEmpty(); extra++) {
                        runOneBatch();
                    }
                } finally {
                    encoderIdle.unlock();
                }
            } else {
                try {
                    // Woken at once when a combiner completes our vector; otherwise try to combine again.
                    mine.vector().get(WAIT_BEFORE_RETRY_MICROS, TimeUnit.MICROSECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    // ExecutionException: reported below through join().
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InferenceException("interrupted while waiting for the encoder", e);
                }
            }
        }
        try {
            return mine.vector().join();
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof InferenceException inference) {
                throw inference;
            }
            throw new InferenceException("encoder inference failed: " + cause.getMessage(), cause);
        }
    }

    private void runOneBatch() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        Pending next;
        while (batch.size() < maxBatch && (next = waiting.poll()) != null) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            float[][] vectors = batchRun.run(batch.stream().map(Pending::text).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).vector().complete(vectors[i]);
            }
        } catch (InferenceException | RuntimeException e) {
            // Every caller in the failed batch gets the failure; none is left waiting.
            batch.forEach(p -> p.vector().completeExceptionally(e));
        }
        batches.incrementAndGet();
        texts.addAndGet(batch.size());
    }

    /** ONNX calls made so far. */
    long batches() {
        return batches.get();
    }

    /** Texts embedded so far; {@code texts() / batches()} is the mean batch size. */
    long texts() {
        return texts.get();
    }
}
