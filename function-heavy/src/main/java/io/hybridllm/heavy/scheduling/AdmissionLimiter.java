package io.hybridllm.heavy.scheduling;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds calls to an upstream server: {@code maxConcurrency} run at once, at most {@code maxQueue}
 * wait (each for at most {@code maxWait}), and anything beyond is refused at once with
 * {@link OverloadedException} so that callers (the router) can fall back instead of piling up.
 * The local decoder does not need it: its {@link BatchScheduler} queue is the admission.
 */
public final class AdmissionLimiter implements LoadReport {

    /** A held slot; closing it frees the slot (idempotent). */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    private final Semaphore slots;
    private final int maxConcurrency;
    private final int maxQueue;
    private final Duration maxWait;
    private final int retryAfterSeconds;
    private final int overloadStatus;
    private final AtomicInteger queued = new AtomicInteger();

    public AdmissionLimiter(int maxConcurrency, int maxQueue, Duration maxWait, int retryAfterSeconds,
                            int overloadStatus) {
        if (maxConcurrency < 1 || maxQueue < 0) {
            throw new IllegalArgumentException("max-concurrency must be >= 1 and max-queue >= 0");
        }
        this.slots = new Semaphore(maxConcurrency, true);
        this.maxConcurrency = maxConcurrency;
        this.maxQueue = maxQueue;
        this.maxWait = maxWait;
        this.retryAfterSeconds = retryAfterSeconds;
        this.overloadStatus = overloadStatus;
    }

    public Permit acquire() {
        if (!slots.tryAcquire()) {
            if (queued.incrementAndGet() > maxQueue) {
                queued.decrementAndGet();
                throw new OverloadedException("the heavy tier is busy (" + maxConcurrency + " running, "
                        + maxQueue + " queued); retry later", retryAfterSeconds, overloadStatus);
            }
            try {
                if (!slots.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new OverloadedException("no generation slot freed within " + maxWait.toMillis()
                            + " ms; retry later", retryAfterSeconds, overloadStatus);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OverloadedException("interrupted while waiting for a generation slot", retryAfterSeconds, overloadStatus);
            } finally {
                queued.decrementAndGet();
            }
        }
        return new Permit() {
            private boolean released;

            @Override
            public synchronized void close() {
                if (!released) {
                    released = true;
                    slots.release();
                }
            }
        };
    }

    @Override
    public int inFlight() {
        return maxConcurrency - slots.availablePermits();
    }

    @Override
    public int queueDepth() {
        return queued.get();
    }
}
