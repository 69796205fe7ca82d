package io.hybridllm.router.doubles;

/**
 * The doubles a test run shares: one light, one heavy and one Redis, started once per JVM so the
 * lifecycle managers of different test profiles (Redis and no-Redis) can hand them to Quarkus.
 */
public final class TestWorld {

    private static TierDouble light;
    private static TierDouble heavy;
    private static RedisProcess redis;

    private TestWorld() {
    }

    public static synchronized TierDouble light() {
        if (light == null) {
            light = new TierDouble("light");
        }
        return light;
    }

    public static synchronized TierDouble heavy() {
        if (heavy == null) {
            heavy = new TierDouble("heavy");
        }
        return heavy;
    }

    public static synchronized RedisProcess redis() {
        if (redis == null) {
            redis = new RedisProcess();
            Runtime.getRuntime().addShutdownHook(new Thread(redis::kill));
        }
        return redis;
    }

    /** Healthy tiers with default versions and a running Redis, before each test. */
    public static void reset() {
        boolean lightChanged = light().reset();
        boolean heavyChanged = heavy().reset();
        if (redis != null) {
            redis.start();
        }
        if (lightChanged || heavyChanged) {
            // The router re-reads tier versions only after hybrid.router.model-versions-refresh (200ms in
            // tests); wait it out so the next test's cache keys do not change half-way through.
            try {
                Thread.sleep(400);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
