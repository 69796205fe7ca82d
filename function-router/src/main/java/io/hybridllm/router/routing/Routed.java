package io.hybridllm.router.routing;

import io.hybridllm.core.api.ChatCompletionRequest;
import io.hybridllm.core.api.ChatCompletionResponse;
import io.hybridllm.core.api.HybridInfo;
import java.net.http.HttpResponse;
import java.util.stream.Stream;

/** The outcome of routing one request: a complete answer, or a heavy-tier stream to relay. */
public sealed interface Routed {

    HybridInfo info();

    StageTimings timings();

    /** A finished answer (cache, light, heavy non-streaming, or a degraded fallback). */
    record Answer(ChatCompletionResponse response, StageTimings timings) implements Routed {
        @Override
        public HybridInfo info() {
            return response.hybrid();
        }
    }

    /**
     * An open SSE stream from the heavy tier. Whoever relays it must call
     * {@link RouterService#finishStream} once it has ended, to record timing and cache the text.
     */
    record HeavyStream(HttpResponse<Stream<String>> upstream, HybridInfo info, StageTimings timings,
                       ChatCompletionRequest request, String cacheKey, boolean cacheable, long startedNanos)
            implements Routed {}
}
