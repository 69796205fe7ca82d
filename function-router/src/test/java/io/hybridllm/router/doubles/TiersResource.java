package io.hybridllm.router.doubles;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points the router at the failure-injection tier doubles (no Redis: in-process cache). */
public class TiersResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("hybrid.router.light-url", TestWorld.light().url(),
                "hybrid.router.heavy-url", TestWorld.heavy().url());
    }

    @Override
    public void stop() {
        // The doubles live for the whole JVM; other test profiles reuse them.
    }
}
