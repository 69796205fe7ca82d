package io.hybridllm.core.api;

/**
 * OpenAI-style error: the body is {@code {"error":{"message","type","param","code"}}}.
 *
 * @param status the HTTP status that carries it
 */
public record ApiError(int status, String message, String type, String param, String code) {

    /** The JSON body as OpenAI clients parse it. */
    public record Body(Detail error) {}

    public record Detail(String message, String type, String param, String code) {}

    public Body body() {
        return new Body(new Detail(message, type, param, code));
    }

    public static ApiError invalidRequest(int status, String message, String param, String code) {
        return new ApiError(status, message, "invalid_request_error", param, code);
    }

    public static ApiError unavailable(String message, String code) {
        return new ApiError(503, message, "service_unavailable", null, code);
    }

    public static ApiError internal(String message) {
        return new ApiError(500, message, "server_error", null, "internal_error");
    }
}
