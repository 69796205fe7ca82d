package io.hybridllm.canary.health;

/** The judgement of one bake period. */
public enum Verdict {
    /** Within bounds: move on to the next weight. */
    HEALTHY,
    /** Out of bounds or an alarm fired: roll back. */
    UNHEALTHY,
    /** Too little traffic (or no latency data) to tell: wait another bake period, if allowed. */
    INSUFFICIENT_DATA
}
