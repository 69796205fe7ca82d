package io.hybridllm.router.tiers;

import io.hybridllm.core.api.ChatCompletionRequest;
import io.hybridllm.core.api.ChatCompletionResponse;
import io.hybridllm.router.config.RouterConfig;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * Calls the heavy function, whole answers or SSE streams; application.properties points the
 * {@code @Timeout} at {@code hybrid.router.heavy.timeout-ms}.
 */
@ApplicationScoped
public class HeavyTierClient {

    public static final String TIER = "heavy";

    private final TierHttp http;
    private final RouterConfig config;

    public HeavyTierClient(TierHttp http, RouterConfig config) {
        this.http = http;
        this.config = config;
    }

    /** What the heavy tier sent: a whole answer, or (for {@code stream:true}) an open SSE stream. */
    public record HeavyReply(ChatCompletionResponse answer, HttpResponse<Stream<String>> stream) {}

    /**
     * One guarded method for both shapes, so that streaming and non-streaming calls share one
     * circuit breaker: a heavy tier that is down is down for both. For a stream, the timeout covers
     * the wait for the status line and headers; the caller reads (and must close) the events.
     */
    @Timeout(60000)
    @Retry(maxRetries = 1, delay = 100, jitter = 0, retryOn = RetryableTierException.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10000, successThreshold = 1,
            skipOn = TierRejectedException.class)
    @CircuitBreakerName("heavy-tier")
    public HeavyReply call(ChatCompletionRequest request) {
        if (request.streaming()) {
            return new HeavyReply(null, http.postChatStream(TIER, config.heavyUrl(), request, timeout()));
        }
        return new HeavyReply(http.postChat(TIER, config.heavyUrl(), request, timeout()), null);
    }

    public String modelVersion(Duration timeout) {
        return http.modelVersion(TIER, config.heavyUrl(), timeout);
    }

    private Duration timeout() {
        return Duration.ofMillis(config.heavy().timeoutMs());
    }
}
