package io.hybridllm.canary.rollout;

import java.time.Duration;

/** Waits out a bake period; tests replace it to run without waiting or to act in between. */
@FunctionalInterface
public interface Pause {

    void sleep(Duration duration) throws InterruptedException;

    static Pause real() {
        return d -> Thread.sleep(d.toMillis());
    }
}
