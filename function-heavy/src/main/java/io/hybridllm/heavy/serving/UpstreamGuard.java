package io.hybridllm.heavy.serving;

import io.hybridllm.core.api.ChatMessage;
import io.hybridllm.core.model.Generation;
import io.hybridllm.core.model.GenerationParams;
import io.hybridllm.core.model.TokenSink;
import io.hybridllm.heavy.upstream.OpenAiUpstreamGenerator;
import io.hybridllm.heavy.upstream.UpstreamException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;

/**
 * Circuit breaker around upstream calls (streaming and not): when most recent calls failed
 * because the upstream is down (5xx, unreachable, broken stream), further calls fail fast for a
 * while with 503 instead of each waiting out connect timeouts and retries. Client errors the
 * upstream reports (4xx) do not count. {@code @Timeout} is deliberately absent: a long stream is
 * healthy, and the HTTP client's connect/read timeouts already bound the wait for the first byte.
 * The per-attempt retry lives in {@link OpenAiUpstreamGenerator} (it must stop once a token was sent).
 */
@ApplicationScoped
public class UpstreamGuard {

    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 10, delayUnit = ChronoUnit.SECONDS,
            failOn = UpstreamException.class)
    public Generation generate(OpenAiUpstreamGenerator upstream, String requestedModel, List<ChatMessage> conversation,
                               GenerationParams params, TokenSink sink) {
        return upstream.generate(requestedModel, conversation, params, sink);
    }
}
