package io.hybridllm.core.routing;

import java.util.Locale;

/** Where an answer came from. */
public enum Tier {
    CACHE, LIGHT, HEAVY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
