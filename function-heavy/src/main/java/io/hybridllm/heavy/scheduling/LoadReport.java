package io.hybridllm.heavy.scheduling;

/**
 * How busy a backend is, for the {@code hybrid_heavy_in_flight} and {@code hybrid_heavy_queue_depth}
 * gauges that load-aware routing and autoscaling read.
 */
public interface LoadReport {

    /** Generations running now (sequences in the decoding batch, or upstream calls). */
    int inFlight();

    /** Requests accepted but waiting for a slot. */
    int queueDepth();
}
