package io.hybridllm.router.tiers;

import io.hybridllm.router.config.RouterConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The light and heavy model versions, read from each tier's {@code GET /v1/models}. They are part
 * of every cache key, so a new model or knowledge base never serves answers made by the old one.
 * Read lazily on first use and again once {@code hybrid.router.model-versions-refresh} has passed;
 * a tier that cannot be asked keeps the version it last reported (a passing outage should not
 * empty the cache), or counts as "unknown" if it never answered.
 */
@ApplicationScoped
public class TierModelVersions {

    private static final Logger LOG = Logger.getLogger(TierModelVersions.class);
    static final String UNKNOWN = "unknown";
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(1);

    private final LightTierClient light;
    private final HeavyTierClient heavy;
    private final RouterConfig config;
    private volatile Map<String, String> versions;
    private volatile long refreshAtNanos;

    public TierModelVersions(LightTierClient light, HeavyTierClient heavy, RouterConfig config) {
        this.light = light;
        this.heavy = heavy;
        this.config = config;
    }

    public Map<String, String> current() {
        Map<String, String> snapshot = versions;
        if (snapshot != null && System.nanoTime() - refreshAtNanos < 0) {
            return snapshot;
        }
        return refresh();
    }

    private synchronized Map<String, String> refresh() {
        // Another thread may have refreshed while this one waited for the lock.
        if (versions != null && System.nanoTime() - refreshAtNanos < 0) {
            return versions;
        }
        String lightVersion = fetch(LightTierClient.TIER, () -> light.modelVersion(FETCH_TIMEOUT));
        String heavyVersion = fetch(HeavyTierClient.TIER, () -> heavy.modelVersion(FETCH_TIMEOUT));
        if (versions != null) {
            lightVersion = lightVersion.equals(UNKNOWN) ? versions.get(LightTierClient.TIER) : lightVersion;
            heavyVersion = heavyVersion.equals(UNKNOWN) ? versions.get(HeavyTierClient.TIER) : heavyVersion;
        }
        Map<String, String> fresh = Map.of(LightTierClient.TIER, lightVersion, HeavyTierClient.TIER, heavyVersion);
        if (!fresh.equals(versions)) {
            LOG.infof("tier model versions now %s", fresh);
        }
        versions = fresh;
        refreshAtNanos = System.nanoTime() + config.modelVersionsRefresh().toNanos();
        return fresh;
    }

    private static String fetch(String tier, java.util.function.Supplier<String> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            LOG.debugf("%s model version unavailable: %s", tier, e.getMessage());
            return UNKNOWN;
        }
    }
}
