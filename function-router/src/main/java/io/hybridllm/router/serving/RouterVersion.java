package io.hybridllm.router.serving;

/** Version of the router's own routing logic, reported by /v1/models. */
final class RouterVersion {

    /** Bump when routing behaviour changes (policy, failure handling); /v1/models appends the scorer's name. */
    static final String VALUE = "v2";

    private RouterVersion() {
    }
}
