package io.hybridllm.router.routing;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.list.ReactiveListCommands;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Scores of the most recent requests of all router instances, in a capped Redis list
 * ({@code LPUSH} + {@code LTRIM}), so every instance calibrates on the same traffic. Writes are fire and
 * forget; the sorted snapshot is re-read with {@code LRANGE} at most once per {@code refresh}, in the
 * background, and the last good snapshot is kept through a Redis outage.
 */
public final class RedisScoreSample implements ScoreSample {

    private static final Logger LOG = Logger.getLogger(RedisScoreSample.class);

    private final ReactiveListCommands<String, String> lists;
    private final String key;
    private final int capacity;
    private final long refreshNanos;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile double[] snapshot = new double[0];
    private volatile long readAt = Long.MIN_VALUE / 2;

    public RedisScoreSample(ReactiveRedisDataSource redis, String key, int capacity, Duration refresh) {
        this.lists = redis.list(String.class);
        this.key = key;
        this.capacity = capacity;
        this.refreshNanos = refresh.toNanos();
    }

    @Override
    public void record(double score) {
        lists.lpush(key, Double.toString(score))
                .chain(() -> lists.ltrim(key, 0, capacity - 1))
                .subscribe().with(done -> { }, failure -> LOG.debugf("score sample write failed: %s", failure));
        refreshIfStale();
    }

    @Override
    public double[] sorted() {
        refreshIfStale();
        return snapshot.clone();
    }

    private void refreshIfStale() {
        if (System.nanoTime() - readAt < refreshNanos || !refreshing.compareAndSet(false, true)) {
            return;
        }
        lists.lrange(key, 0, capacity - 1).subscribe().with(this::replace, failure -> {
            LOG.debugf("score sample read failed, keeping %d scores: %s", snapshot.length, failure);
            readAt = System.nanoTime();
            refreshing.set(false);
        });
    }

    private void replace(List<String> values) {
        double[] scores = values.stream().mapToDouble(RedisScoreSample::parse).filter(s -> s >= 0 && s <= 1).toArray();
        Arrays.sort(scores);
        snapshot = scores;
        readAt = System.nanoTime();
        refreshing.set(false);
    }

    private static double parse(String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    @Override
    public String description() {
        return "redis list " + key + " (last " + capacity + " requests of all instances)";
    }
}
