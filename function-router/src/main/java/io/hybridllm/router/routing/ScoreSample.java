package io.hybridllm.router.routing;

/**
 * The complexity scores of recent requests, from which the threshold for a target heavy share is read.
 * Recording never blocks a request; a snapshot may lag behind the latest scores by the refresh period.
 */
public interface ScoreSample {

    void record(double score);

    /** The sampled scores, sorted ascending (a copy the caller may keep). */
    double[] sorted();

    String description();
}
