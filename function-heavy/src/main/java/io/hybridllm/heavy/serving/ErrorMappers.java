package io.hybridllm.heavy.serving;

import io.hybridllm.core.api.ApiError;
import io.hybridllm.core.api.ApiException;
import io.hybridllm.heavy.scheduling.OverloadedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/** Every error leaves as {@code {"error":{"message","type","param","code"}}}; never a stack trace. */
public final class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    private ErrorMappers() {
    }

    static Response of(ApiError error) {
        return Response.status(error.status()).type(MediaType.APPLICATION_JSON).entity(error.body()).build();
    }

    @Provider
    public static class ApiExceptionMapper implements ExceptionMapper<ApiException> {
        @Override
        public Response toResponse(ApiException e) {
            Response response = of(e.error());
            if (e instanceof OverloadedException overloaded) {
                return Response.fromResponse(response)
                        .header("Retry-After", Integer.toString(overloaded.retryAfterSeconds())).build();
            }
            return response;
        }
    }

    /** 404 unknown path, 405 wrong method, 406, 415... keep their status, in OpenAI shape. */
    @Provider
    public static class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
            if (status >= 500) {
                LOG.error("request failed", e);
                return of(ApiError.internal("internal error"));
            }
            Response.Status known = Response.Status.fromStatusCode(status);
            String reason = known == null ? "request rejected" : known.getReasonPhrase().toLowerCase();
            String code = known == null ? "http_" + status : known.name().toLowerCase();
            return of(ApiError.invalidRequest(status, reason, null, code));
        }
    }

    @Provider
    public static class ThrowableMapper implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable e) {
            LOG.error("unhandled error", e);
            return of(ApiError.internal("internal error"));
        }
    }
}
