package io.hybridllm.heavy.upstream;

import io.hybridllm.core.api.ApiError;
import io.hybridllm.core.api.ApiException;

/**
 * The upstream server is unreachable or failed (5xx, broken stream): what a circuit breaker
 * should count. Client mistakes the upstream reports (4xx) are plain {@link ApiException}s.
 */
public class UpstreamException extends ApiException {

    public UpstreamException(String message, String code) {
        super(new ApiError(502, message, "upstream_error", null, code));
    }
}
