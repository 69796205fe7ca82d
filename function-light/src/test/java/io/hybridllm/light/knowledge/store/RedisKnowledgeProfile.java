package io.hybridllm.light.knowledge.store;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** The light function with its knowledge in a real, persistent redis-server and the admin API enabled. */
public class RedisKnowledgeProfile implements QuarkusTestProfile {

    public static final String ADMIN_TOKEN = "test-admin-token-0123456789";
    private static RedisProcess redis;

    /** One Redis for the JVM; killed when the JVM ends. */
    public static synchronized RedisProcess redis() {
        if (redis == null) {
            redis = new RedisProcess();
            Runtime.getRuntime().addShutdownHook(new Thread(redis::kill));
        }
        return redis;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("hybrid.light.admin-token", ADMIN_TOKEN,
                "hybrid.knowledge.refresh", "200ms",
                // Small enough that a test can send a body over it cheaply.
                "hybrid.limits.max-body-bytes", "65536");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Resource.class));
    }

    public static class Resource implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            return Map.of("quarkus.redis.hosts", redis().url());
        }

        @Override
        public void stop() {
            // Killed by the shutdown hook.
        }
    }
}
