package io.hybridllm.core.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import io.hybridllm.core.api.ApiError;
import io.hybridllm.core.api.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A tier function is reached two ways in AWS: invoked directly with the chat request as its event,
 * or through a Lambda function URL, which wraps the HTTP request in a payload-2.0 event
 * ({@code requestContext}, {@code body}, {@code isBase64Encoded}) and expects {@code statusCode},
 * {@code headers} and {@code body} back. This tells the two apart and unwraps and wraps accordingly.
 */
public final class FunctionUrlEnvelope {

    private FunctionUrlEnvelope() {
    }

    /** The HTTP body of a function URL event, or empty when the event is a direct invocation. */
    public static Optional<byte[]> httpBody(JsonNode event) {
        if (event == null || !event.isObject() || !event.has("requestContext") || !event.has("rawPath")) {
            return Optional.empty();
        }
        JsonNode body = event.get("body");
        if (body == null || body.isNull()) {
            return Optional.of(new byte[0]);
        }
        String text = body.asText();
        if (event.path("isBase64Encoded").asBoolean(false)) {
            try {
                return Optional.of(Base64.getDecoder().decode(text));
            } catch (IllegalArgumentException e) {
                throw new ApiException(ApiError.invalidRequest(400, "body is marked base64 but is not valid base64",
                        null, "invalid_encoding"));
            }
        }
        return Optional.of(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The function URL response for a JSON body. */
    public static Map<String, Object> httpResponse(int status, String jsonBody) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("statusCode", status);
        response.put("headers", Map.of("content-type", "application/json"));
        response.put("body", jsonBody);
        response.put("isBase64Encoded", false);
        return response;
    }
}
