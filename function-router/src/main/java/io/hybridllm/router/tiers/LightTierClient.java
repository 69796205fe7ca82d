package io.hybridllm.router.tiers;

import io.hybridllm.core.api.ChatCompletionRequest;
import io.hybridllm.core.api.ChatCompletionResponse;
import io.hybridllm.router.config.LimitsConfig;
import io.hybridllm.router.config.RouterConfig;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * Calls the light function: over HTTP at {@code hybrid.router.light-url}, or, when
 * {@code hybrid.router.light-function} names it (as in AWS), by Lambda invocation. The annotation values are defaults; application.properties points the
 * {@code @Timeout} at {@code hybrid.router.light.timeout-ms}, and the circuit breaker can be tuned
 * the MicroProfile way ({@code io.hybridllm.router.tiers.LightTierClient/complete/CircuitBreaker/delay}).
 */
@ApplicationScoped
public class LightTierClient {

    public static final String TIER = "light";

    private final TierHttp http;
    private final LambdaInvoker lambda;
    private final RouterConfig config;
    private final LimitsConfig limits;

    public LightTierClient(TierHttp http, LambdaInvoker lambda, RouterConfig config, LimitsConfig limits) {
        this.http = http;
        this.lambda = lambda;
        this.config = config;
        this.limits = limits;
    }

    // Retry only where the tier surely did nothing (connect refused) or asked for it (502/503); 4xx
    // is the caller's fault and must not open the circuit.
    @Timeout(2000)
    @Retry(maxRetries = 1, delay = 50, jitter = 0, retryOn = RetryableTierException.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000, successThreshold = 1,
            skipOn = TierRejectedException.class)
    @CircuitBreakerName("light-tier")
    public ChatCompletionResponse complete(ChatCompletionRequest request) {
        Duration timeout = Duration.ofMillis(config.light().timeoutMs());
        byte[] body = body(request.withStream(false));
        if (config.lightFunction().isPresent()) {
            byte[] reply = lambda.exchange(TIER, config.lightFunction().get(), "POST", "/v1/chat/completions", body,
                    timeout);
            return http.chatCompletionOf(TIER, reply);
        }
        return http.postChat(TIER, config.lightUrl(), body, timeout);
    }

    /**
     * The request as light reads it. The shared embedding adds ~5 KB; where that would push a body the router
     * accepted over the body limit (which light shares), it is left out and light embeds the text itself.
     */
    byte[] body(ChatCompletionRequest request) {
        byte[] body = http.json(request);
        if (body.length > limits.maxBodyBytes() && request.sharedEmbedding() != null) {
            return http.json(request.withSharedEmbedding(null));
        }
        return body;
    }

    public String modelVersion(Duration timeout) {
        if (config.lightFunction().isPresent()) {
            return http.modelVersionOf(TIER, lambda.exchange(TIER, config.lightFunction().get(), "GET", "/v1/models",
                    new byte[0], timeout));
        }
        return http.modelVersion(TIER, config.lightUrl(), timeout);
    }
}
