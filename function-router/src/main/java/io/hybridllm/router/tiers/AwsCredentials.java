package io.hybridllm.router.tiers;

import java.util.Map;
import java.util.Optional;

/**
 * The credentials Lambda hands a function in its environment (the execution role's temporary
 * keys). Read per call, not cached, so a test or a long-lived local process can change them.
 */
record AwsCredentials(String accessKeyId, String secretAccessKey, Optional<String> sessionToken) {

    static Optional<AwsCredentials> fromEnvironment(Map<String, String> environment) {
        String keyId = environment.get("AWS_ACCESS_KEY_ID");
        String secret = environment.get("AWS_SECRET_ACCESS_KEY");
        if (keyId == null || keyId.isBlank() || secret == null || secret.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new AwsCredentials(keyId, secret,
                Optional.ofNullable(environment.get("AWS_SESSION_TOKEN")).filter(token -> !token.isBlank())));
    }
}
