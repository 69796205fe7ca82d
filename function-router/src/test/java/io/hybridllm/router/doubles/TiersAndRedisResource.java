package io.hybridllm.router.doubles;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/** Tier doubles plus a real redis-server child process as the shared cache. */
public class TiersAndRedisResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(new TiersResource().start());
        config.put("quarkus.redis.hosts", TestWorld.redis().url());
        return config;
    }

    @Override
    public void stop() {
        // Killed by a shutdown hook when the JVM ends.
    }
}
