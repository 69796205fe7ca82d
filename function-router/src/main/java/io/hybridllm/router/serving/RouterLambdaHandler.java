package io.hybridllm.router.serving;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.hybridllm.core.api.ApiError;
import io.hybridllm.core.api.ApiException;
import jakarta.inject.Named;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * AWS Lambda entry point behind an API Gateway HTTP API (payload v2). It maps the event onto the
 * same {@link ChatResponder} as the REST resource. Lambda's buffered response model cannot trickle
 * events, so {@code stream:true} returns the complete SSE body in one response (same bytes, no
 * incremental delivery); use the HTTP server or a Lambda function URL with response streaming for
 * time-to-first-token.
 */
@Named("router")
public class RouterLambdaHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final ChatResponder responder;
    private final ErrorReplies errors;

    public RouterLambdaHandler(ChatResponder responder, ErrorReplies errors) {
        this.responder = responder;
        this.errors = errors;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        Reply reply;
        try {
            reply = dispatch(event);
        } catch (Throwable e) {
            reply = errors.of(e);
        }
        return render(reply);
    }

    private Reply dispatch(APIGatewayV2HTTPEvent event) {
        String method = method(event);
        String path = event.getRawPath() == null ? "" : event.getRawPath();
        if ("/v1/chat/completions".equals(path)) {
            if (!"POST".equalsIgnoreCase(method)) {
                return errors.of(new ApiError(405, "use POST for " + path, "invalid_request_error", null,
                        "method_not_allowed"));
            }
            return responder.chat(header(event, "x-tenant-id"), header(event, ChatResponder.HEAVY_SHARE_HEADER.toLowerCase(Locale.ROOT)),
                    body(event));
        }
        if ("/v1/models".equals(path) && "GET".equalsIgnoreCase(method)) {
            return responder.models();
        }
        return errors.of(new ApiError(404, "no route for " + method + " " + path, "invalid_request_error", null,
                "not_found"));
    }

    private APIGatewayV2HTTPResponse render(Reply reply) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            reply.body().writeTo(body);
        } catch (IOException | RuntimeException e) {
            // Only a relayed stream can fail here, after its status was chosen; send what was written.
            if (body.size() == 0) {
                return render(errors.of(e));
            }
        }
        Map<String, String> headers = new HashMap<>(reply.headers());
        headers.put("content-type", reply.contentType());
        APIGatewayV2HTTPResponse response = new APIGatewayV2HTTPResponse();
        response.setStatusCode(reply.status());
        response.setHeaders(headers);
        response.setBody(body.toString(StandardCharsets.UTF_8));
        response.setIsBase64Encoded(false);
        return response;
    }

    private static String method(APIGatewayV2HTTPEvent event) {
        if (event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                && event.getRequestContext().getHttp().getMethod() != null) {
            return event.getRequestContext().getHttp().getMethod();
        }
        return "GET";
    }

    private static byte[] body(APIGatewayV2HTTPEvent event) {
        String body = event.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (!event.getIsBase64Encoded()) {
            return body.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ApiError.invalidRequest(400, "body is marked base64 but is not valid base64", null,
                    "invalid_encoding"));
        }
    }

    /** API Gateway lower-cases header names, but tests and other proxies may not. */
    private static String header(APIGatewayV2HTTPEvent event, String name) {
        if (event.getHeaders() == null) {
            return null;
        }
        for (Map.Entry<String, String> entry : event.getHeaders().entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }
}
