package io.hybridllm.heavy.scheduling;

import io.hybridllm.core.api.ApiError;
import io.hybridllm.core.api.ApiException;

/**
 * Every slot is busy and the wait queue is full (or a queued request waited too long): refused
 * with {@code Retry-After} instead of piling up. The status is 503 or 429
 * ({@code hybrid.heavy.overload-status}); the code is always {@code overloaded}.
 */
public class OverloadedException extends ApiException {

    private final int retryAfterSeconds;

    public OverloadedException(String message, int retryAfterSeconds, int status) {
        super(new ApiError(status, message, status == 429 ? "rate_limit_error" : "service_unavailable", null,
                "overloaded"));
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
