package io.hybridllm.harness.report;

import java.util.Arrays;
import java.util.List;

/** Nearest-rank percentiles of a sample. */
public final class Percentiles {

    private final double[] sorted;

    public Percentiles(List<Double> values) {
        sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    public Percentiles(double[] values) {
        sorted = values.clone();
        Arrays.sort(sorted);
    }

    /** @param p in (0,100]; NaN for an empty sample */
    public double at(double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
    }

    public int count() {
        return sorted.length;
    }
}
