package io.hybridllm.canary.alias;

import java.util.Optional;

/**
 * Where an alias sends traffic: {@code primaryVersion} gets {@code 1 - canaryWeight}, the optional
 * {@code canaryVersion} gets {@code canaryWeight}. {@code revisionId} is Lambda's revision of the
 * alias, so an update can refuse to overwrite a change made by someone else in between.
 */
public record AliasState(String functionName, String alias, String primaryVersion,
                         Optional<String> canaryVersion, double canaryWeight, String revisionId) {

    public boolean routesTo(String canary, double weight) {
        return canaryVersion.filter(canary::equals).isPresent() && Math.abs(canaryWeight - weight) < 1e-9;
    }

    public boolean isPlain() {
        return canaryVersion.isEmpty();
    }

    @Override
    public String toString() {
        return alias + " -> " + primaryVersion
                + canaryVersion.map(v -> String.format(java.util.Locale.ROOT, " (%.1f %% to %s)", canaryWeight * 100, v))
                        .orElse("");
    }
}
