package io.hybridllm.heavy.serving;

import io.hybridllm.core.api.ApiError;
import io.hybridllm.core.api.ApiException;

/** No generation slot is free and the wait queue is full: 503 with {@code Retry-After}. */
public class OverloadedException extends ApiException {

    private final int retryAfterSeconds;

    public OverloadedException(String message, int retryAfterSeconds) {
        super(ApiError.unavailable(message, "overloaded"));
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
