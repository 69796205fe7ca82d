package io.hybridllm.router.serving;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * A transport-neutral HTTP reply, rendered by both the REST resource and the Lambda handler so the
 * two entry points cannot drift apart.
 *
 * @param status HTTP status
 * @param contentType media type of the body
 * @param headers extra headers (x-hybrid-*, Server-Timing)
 * @param body writes the body; SSE bodies write and flush event by event
 */
public record Reply(int status, String contentType, Map<String, String> headers, Body body) {

    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    public static Reply json(int status, byte[] json, Map<String, String> headers) {
        return new Reply(status, "application/json", headers, out -> out.write(json));
    }
}
