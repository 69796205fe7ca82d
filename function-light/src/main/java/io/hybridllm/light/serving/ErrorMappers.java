package io.hybridllm.light.serving;

import io.hybridllm.core.api.ApiError;
import io.hybridllm.core.api.ApiException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves as an OpenAI-style body; stack traces stay in the server log. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return respond(e.error());
    }

    /** Framework errors (404 unknown path, 405, 406, 415...) keep their status, in our shape. */
    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
            return respond(ApiError.internal("internal error"));
        }
        String code = switch (status) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 415 -> "unsupported_media_type";
            default -> "invalid_request";
        };
        String message = status == 404 ? "unknown path; this server serves /v1/chat/completions, /v1/embeddings "
                + "and /v1/models" : e.getMessage();
        return respond(ApiError.invalidRequest(status, message, null, code));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("unexpected error", e);
        return respond(ApiError.internal("internal error"));
    }

    private static Response respond(ApiError error) {
        Response.ResponseBuilder response = Response.status(error.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(error.body());
        if (error.status() == 401) {
            // RFC 9110: a 401 names the scheme the client must use.
            response.header("WWW-Authenticate", "Bearer");
        }
        return response.build();
    }
}
