package io.hybridllm.router.tiers;

import io.hybridllm.core.api.ChatCompletionRequest;
import io.hybridllm.core.api.ChatCompletionResponse;
import io.hybridllm.router.config.RouterConfig;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * Calls the light function. The annotation values are defaults; application.properties points the
 * {@code @Timeout} at {@code hybrid.router.light.timeout-ms}, and the circuit breaker can be tuned
 * the MicroProfile way ({@code io.hybridllm.router.tiers.LightTierClient/complete/CircuitBreaker/delay}).
 */
@ApplicationScoped
public class LightTierClient {

    public static final String TIER = "light";

    private final TierHttp http;
    private final RouterConfig config;

    public LightTierClient(TierHttp http, RouterConfig config) {
        this.http = http;
        this.config = config;
    }

    // Retry only where the tier surely did nothing (connect refused) or asked for it (502/503); 4xx
    // is the caller's fault and must not open the circuit.
    @Timeout(2000)
    @Retry(maxRetries = 1, delay = 50, jitter = 0, retryOn = RetryableTierException.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000, successThreshold = 1,
            skipOn = TierRejectedException.class)
    @CircuitBreakerName("light-tier")
    public ChatCompletionResponse complete(ChatCompletionRequest request) {
        return http.postChat(TIER, config.lightUrl(), request.withStream(false),
                Duration.ofMillis(config.light().timeoutMs()));
    }

    public String modelVersion(Duration timeout) {
        return http.modelVersion(TIER, config.lightUrl(), timeout);
    }
}
