package io.hybridllm.light.serving;

import io.hybridllm.core.api.ApiError;
import io.hybridllm.core.api.ApiException;
import io.hybridllm.light.config.LightConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Guards the admin API with the bearer token {@code hybrid.light.admin-token}. Without a token the
 * admin API is disabled and answers 404, as an unknown path would. Tokens are compared as SHA-256
 * digests with {@link MessageDigest#isEqual}, which takes the same time whatever the content, and
 * hashing first hides the token's length too.
 */
@ApplicationScoped
public class AdminAuthenticator {

    private static final String BEARER = "Bearer ";

    private final byte[] tokenDigest;

    public AdminAuthenticator(LightConfig config) {
        this.tokenDigest = config.adminToken().filter(t -> !t.isBlank()).map(AdminAuthenticator::sha256).orElse(null);
    }

    public boolean enabled() {
        return tokenDigest != null;
    }

    /** Returns when the {@code Authorization} header carries the admin token; throws the error to send otherwise. */
    public void require(String authorization) {
        if (tokenDigest == null) {
            throw new ApiException(ApiError.invalidRequest(404, "the admin API is disabled; set "
                    + "hybrid.light.admin-token to enable it", null, "not_found"));
        }
        boolean bearer = authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length());
        byte[] presented = sha256(bearer ? authorization.substring(BEARER.length()).trim() : "");
        if (!bearer || !MessageDigest.isEqual(presented, tokenDigest)) {
            throw new ApiException(ApiError.invalidRequest(401, "missing or wrong admin token; send "
                    + "'Authorization: Bearer <hybrid.light.admin-token>'", null, "invalid_api_key"));
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
