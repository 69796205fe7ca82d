package io.hybridllm.router.routing;

import java.util.Arrays;

/** The last {@code capacity} scores of this router instance only (when no Redis is configured). */
public final class InProcessScoreSample implements ScoreSample {

    private final double[] ring;
    private int next;
    private int size;

    public InProcessScoreSample(int capacity) {
        this.ring = new double[capacity];
    }

    @Override
    public synchronized void record(double score) {
        ring[next] = score;
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
    }

    @Override
    public synchronized double[] sorted() {
        double[] copy = Arrays.copyOf(ring, size);
        Arrays.sort(copy);
        return copy;
    }

    @Override
    public String description() {
        return "in-process (last " + ring.length + " requests of this instance)";
    }
}
