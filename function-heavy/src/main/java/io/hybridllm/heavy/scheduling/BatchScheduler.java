package io.hybridllm.heavy.scheduling;

import io.hybridllm.core.api.ApiError;
import io.hybridllm.core.api.ApiException;
import io.hybridllm.core.model.InferenceException;
import io.hybridllm.heavy.decoding.BatchDecoder;
import io.hybridllm.heavy.decoding.KvCache;
import io.hybridllm.heavy.decoding.Sampler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;
import org.jboss.logging.Logger;

/**
 * Continuous batching: one thread owns the decoder and, per iteration,
 * <ol>
 *   <li>drops sequences whose consumer cancelled (client gone, stop string seen), freeing their slots;</li>
 *   <li>admits waiting sequences into free slots (up to {@code maxSequences}) and prefills them
 *       together, which also samples their first token;</li>
 *   <li>regroups the KV cache when the set of rows changed (the only time cache data is copied);</li>
 *   <li>runs one decoding step for every running sequence and samples each row's next token with
 *       its own sampler, ending rows at eos or their token budget.</li>
 * </ol>
 * A finished or cancelled sequence leaves the batch at the next iteration, so its slot goes to a
 * waiting one within one step. Requests beyond {@code maxSequences + maxQueue} are refused at once
 * with {@link OverloadedException}; so are queued ones that waited longer than {@code maxQueueWait}.
 */
public final class BatchScheduler implements LoadReport, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BatchScheduler.class);

    /**
     * @param maxSequences sequences decoded together at most
     * @param maxQueue sequences waiting for a slot at most
     * @param maxPrefillTokens padded prompt tokens (sequences x longest prompt) prefilled in one pass
     *                         at most; one prompt longer than this is still prefilled, alone
     * @param maxQueueWait longest a sequence waits for a slot
     * @param retryAfterSeconds advertised when refusing
     * @param overloadStatus 503 or 429
     */
    public record Settings(int maxSequences, int maxQueue, int maxPrefillTokens, Duration maxQueueWait,
                           int retryAfterSeconds, int overloadStatus) {
        public Settings {
            if (maxSequences < 1 || maxQueue < 0 || maxPrefillTokens < 1) {
                throw new IllegalArgumentException("max-sequences and max-prefill-tokens must be >= 1, "
                        + "max-queue >= 0");
            }
        }
    }

    /** Counters since start, for benchmarks and logs. */
    public record Stats(long steps, long rowsDecoded, long prefills, long regroups) {
        public double meanBatch() {
            return steps == 0 ? 0 : (double) rowsDecoded / steps;
        }
    }

    private final BatchDecoder decoder;
    private final Settings settings;
    private final IntConsumer batchSizes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final ArrayDeque<Sequence> waiting = new ArrayDeque<>();
    private final Thread thread;
    private int active; // admitted and not finished; guarded by lock
    private volatile int activeGauge;
    private volatile int waitingGauge;
    private volatile boolean closed;

    // Owned by the scheduler thread.
    private List<Sequence> running = new ArrayList<>();
    private KvCache cache;
    private volatile long steps;
    private volatile long rowsDecoded;
    private volatile long prefills;
    private volatile long regroups;

    /** @param batchSizes told the batch size of every decoding step (for a histogram) */
    public BatchScheduler(BatchDecoder decoder, Settings settings, IntConsumer batchSizes) {
        this.decoder = decoder;
        this.settings = settings;
        this.batchSizes = batchSizes;
        this.thread = new Thread(this::loop, "heavy-batch-scheduler");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a sequence; throws {@link OverloadedException} when slots and queue are full. */
    public SequenceHandle submit(SequenceRequest request) {
        return submitAll(List.of(request)).get(0);
    }

    /**
     * Queues several sequences at once, all or none: they are admitted in the same iteration when
     * slots allow, so they are prefilled together (what a request for several choices needs).
     */
    public List<SequenceHandle> submitAll(List<SequenceRequest> requests) {
        List<Sequence> sequences = new ArrayList<>(requests.size());
        requests.forEach(r -> sequences.add(new Sequence(r, decoder.vocabSize())));
        lock.lock();
        try {
            if (closed) {
                throw new ApiException(ApiError.unavailable("the heavy model is shutting down", "model_unavailable"));
            }
            if (active + waiting.size() + sequences.size() > settings.maxSequences() + settings.maxQueue()) {
                throw new OverloadedException("the heavy tier is busy (" + active + " sequences decoding, "
                        + waiting.size() + " queued); retry later", settings.retryAfterSeconds(),
                        settings.overloadStatus());
            }
            waiting.addAll(sequences);
            publish();
            work.signal();
        } finally {
            lock.unlock();
        }
        List<SequenceHandle> handles = new ArrayList<>(sequences.size());
        sequences.forEach(s -> handles.add(s.handle));
        return handles;
    }

    @Override
    public int inFlight() {
        return activeGauge;
    }

    @Override
    public int queueDepth() {
        return waitingGauge;
    }

    public Settings settings() {
        return settings;
    }

    public Stats stats() {
        return new Stats(steps, rowsDecoded, prefills, regroups);
    }

    private void loop() {
        while (true) {
            // Cancelled sequences leave first, so that their slots go to waiting ones in this iteration.
            for (Sequence sequence : running) {
                if (sequence.handle.cancelled()) {
                    finish(sequence, "cancelled");
                }
            }
            List<Sequence> admitted;
            lock.lock();
            try {
                while (!closed && running.isEmpty() && waiting.isEmpty()) {
                    work.awaitUninterruptibly();
                }
                if (closed) {
                    break;
                }
                expireWaiting();
                admitted = admit();
            } finally {
                lock.unlock();
            }
            try {
                iterate(admitted);
            } catch (InferenceException | RuntimeException e) {
                LOG.error("a decoding batch failed; its sequences get an error", e);
                List<Sequence> failed = new ArrayList<>(running);
                failed.addAll(admitted);
                for (Sequence sequence : failed) {
                    sequence.fail(e);
                }
                running = new ArrayList<>();
                closeCache();
            }
        }
        ApiException shutdown = new ApiException(ApiError.unavailable("the heavy model is shutting down",
                "model_unavailable"));
        running.forEach(s -> s.fail(shutdown));
        running = new ArrayList<>();
        closeCache();
        lock.lock();
        try {
            waiting.forEach(s -> s.handle.post(new SequenceHandle.Failed(shutdown))); // never admitted
            waiting.clear();
            publish();
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: queued sequences that waited too long are refused. */
    private void expireWaiting() {
        long now = System.nanoTime();
        long limit = settings.maxQueueWait().toNanos();
        List<Sequence> expired = new ArrayList<>();
        for (Iterator<Sequence> it = waiting.iterator(); it.hasNext(); ) {
            Sequence sequence = it.next();
            if (now - sequence.queuedAt > limit) {
                it.remove();
                expired.add(sequence);
            }
        }
        publish(); // before the events, so a consumer that sees one also sees the queue shorter
        for (Sequence sequence : expired) {
            sequence.handle.post(new SequenceHandle.Failed(new OverloadedException("no decoding slot freed "
                    + "within " + settings.maxQueueWait().toMillis() + " ms; retry later",
                    settings.retryAfterSeconds(), settings.overloadStatus())));
        }
    }

    /** Under the lock: moves waiting sequences into free slots, within the prefill budget. */
    private List<Sequence> admit() {
        List<Sequence> admitted = new ArrayList<>();
        int longest = 0;
        while (!waiting.isEmpty() && active < settings.maxSequences()) {
            Sequence next = waiting.peek();
            if (next.handle.cancelled()) {
                waiting.poll();
                next.handle.post(new SequenceHandle.Finished("cancelled", 0));
                continue;
            }
            int width = Math.max(longest, next.request.prompt().length);
            if (!admitted.isEmpty() && (long) width * (admitted.size() + 1) > settings.maxPrefillTokens()) {
                break;
            }
            waiting.poll();
            longest = width;
            admitted.add(next);
            active++;
        }
        publish();
        return admitted;
    }

    private void iterate(List<Sequence> admitted) throws InferenceException {
        KvCache prefilled = null;
        try {
            if (!admitted.isEmpty()) {
                List<long[]> prompts = new ArrayList<>(admitted.size());
                admitted.forEach(s -> prompts.add(s.request.prompt()));
                BatchDecoder.Step step = decoder.prefill(prompts);
                prefills++;
                prefilled = step.cache();
                for (int i = 0; i < admitted.size(); i++) {
                    accept(admitted.get(i), step.logits()[i]);
                }
            }
            List<BatchDecoder.Row> rows = new ArrayList<>();
            List<Sequence> next = new ArrayList<>();
            for (int i = 0; i < running.size(); i++) {
                if (!running.get(i).done) {
                    rows.add(new BatchDecoder.Row(cache, i));
                    next.add(running.get(i));
                }
            }
            for (int i = 0; i < admitted.size(); i++) {
                if (!admitted.get(i).done) {
                    rows.add(new BatchDecoder.Row(prefilled, i));
                    next.add(admitted.get(i));
                }
            }
            if (next.isEmpty()) {
                running = next;
                closeCache();
                return;
            }
            if (!next.equals(running)) {
                KvCache regrouped = decoder.gather(rows);
                regroups++;
                if (cache != null && cache != regrouped) {
                    cache.close();
                }
                cache = regrouped;
                running = next;
            }
            if (prefilled == cache) {
                prefilled = null; // now the running cache; not closed below
            }
            long[] tokens = new long[running.size()];
            for (int i = 0; i < tokens.length; i++) {
                tokens[i] = running.get(i).last;
            }
            KvCache consumed = cache;
            cache = null; // decode consumes it, even when it fails
            BatchDecoder.Step step = decoder.decode(consumed, tokens);
            cache = step.cache();
            int size = running.size();
            steps++;
            rowsDecoded += size;
            batchSizes.accept(size);
            for (int i = 0; i < size; i++) {
                Sequence sequence = running.get(i);
                sequence.peakBatch = Math.max(sequence.peakBatch, size);
                accept(sequence, step.logits()[i]);
            }
        } finally {
            if (prefilled != null && prefilled != cache) {
                prefilled.close();
            }
        }
    }

    private void accept(Sequence sequence, float[] logits) {
        long id = sequence.sampler.next(logits, 0, sequence.vocab);
        sequence.last = id;
        sequence.generated++;
        sequence.handle.post(new SequenceHandle.Token(id));
        if (sequence.request.eosIds().contains(id)) {
            finish(sequence, "stop");
        } else if (sequence.generated >= sequence.request.maxNewTokens()) {
            finish(sequence, "length");
        }
    }

    private void finish(Sequence sequence, String reason) {
        if (sequence.done) {
            return;
        }
        sequence.done = true;
        release(); // before the event, so a consumer that sees it also sees the slot free
        sequence.handle.post(new SequenceHandle.Finished(reason, sequence.peakBatch));
    }

    private void release() {
        lock.lock();
        try {
            active--;
            publish();
        } finally {
            lock.unlock();
        }
    }

    private void publish() {
        activeGauge = active;
        waitingGauge = waiting.size();
    }

    private void closeCache() {
        if (cache != null) {
            cache.close();
            cache = null;
        }
    }

    /** Stops the scheduler thread; queued and running sequences get 503 model_unavailable. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A sequence's decoding state; touched only by the scheduler thread once admitted. */
    private final class Sequence {
        final SequenceRequest request;
        final SequenceHandle handle = new SequenceHandle();
        final Sampler sampler;
        final int vocab;
        final long queuedAt = System.nanoTime();
        long last;
        int generated;
        int peakBatch;
        boolean done;

        Sequence(SequenceRequest request, int vocab) {
            this.request = request;
            this.vocab = vocab;
            this.sampler = new Sampler(request.temperature(), request.topP(), request.seed());
        }

        void fail(Exception error) {
            if (!done) {
                done = true;
                release();
                handle.post(new SequenceHandle.Failed(error));
            }
        }
    }
}
