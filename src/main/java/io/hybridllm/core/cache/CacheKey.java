package io.hybridllm.core.cache;

import io.hybridllm.core.api.ChatCompletionRequest;
import io.hybridllm.core.api.ChatMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds exact-match cache keys. Two requests share a key only when they come from the same
 * tenant, say the same thing after normalisation (Unicode NFKC, case, runs of whitespace), ask for
 * the same generation parameters, and would be answered by the same model versions: a new model
 * or knowledge version therefore never serves an answer made by the old one.
 */
public final class CacheKey {

    private static final String PREFIX = "hybrid:v1:answer:";

    private CacheKey() {
    }

    /**
     * @param tenant who is asking; answers are never shared across tenants
     * @param request the validated request
     * @param modelVersions the version of each tier that could answer, e.g. {@code light -> ...}
     */
    public static String of(String tenant, ChatCompletionRequest request, Map<String, String> modelVersions) {
        StringBuilder canonical = new StringBuilder();
        for (ChatMessage message : request.messages()) {
            canonical.append(message.role()).append('\u0001').append(normalise(message.content())).append('\u0002');
        }
        canonical.append("|temperature=").append(request.temperature())
                .append("|top_p=").append(request.topP())
                .append("|max_tokens=").append(request.maxTokens())
                .append("|stop=").append(request.stop())
                .append("|seed=").append(request.seed())
                .append("|model=").append(request.model());
        new TreeMap<>(modelVersions).forEach((tier, version) ->
                canonical.append('|').append(tier).append('=').append(version));
        return PREFIX + safeTenant(tenant) + ':' + sha256(canonical.toString());
    }

    /** Prefix under which all of one tenant's entries live. */
    public static String tenantPrefix(String tenant) {
        return PREFIX + safeTenant(tenant) + ':';
    }

    static String normalise(String text) {
        String folded = Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFKC)
                .toLowerCase(Locale.ROOT);
        return folded.strip().replaceAll("\\s+", " ");
    }

    /**
     * A readable, Redis-safe form of the tenant plus a digest of the exact name, so that tenants whose
     * names differ only in characters the readable part replaces ("acme corp", "acme_corp") stay apart.
     */
    private static String safeTenant(String tenant) {
        String value = tenant == null || tenant.isBlank() ? "default" : tenant;
        String readable = value.replaceAll("[^A-Za-z0-9._-]", "_");
        return readable.substring(0, Math.min(readable.length(), 64)) + "~" + sha256(value).substring(0, 12);
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
