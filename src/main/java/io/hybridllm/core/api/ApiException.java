package io.hybridllm.core.api;

/** Thrown where a request cannot be served; carries the error the client receives. */
public class ApiException extends RuntimeException {

    private final ApiError error;

    public ApiException(ApiError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    public ApiError error() {
        return error;
    }
}
