package io.hybridllm.router.serving;

/** Version of the router's own routing logic, reported by /v1/models. */
final class RouterVersion {

    /** Bump when routing behaviour changes (scorer, policy, failure handling). */
    static final String VALUE = "features-v1";

    private RouterVersion() {
    }
}
