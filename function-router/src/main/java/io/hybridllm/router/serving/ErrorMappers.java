package io.hybridllm.router.serving;

import io.hybridllm.core.api.ApiException;
import io.hybridllm.router.tiers.TierRejectedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps every failure to an OpenAI error body through {@link ErrorReplies}: our own validation
 * errors, tiers' 4xx passed through, JAX-RS errors (404 unknown path, 405, 415) with their own
 * status, and anything else as a bare 500 whose stack trace stays in the server log.
 */
public class ErrorMappers {

    private final ErrorReplies errors;

    public ErrorMappers(ErrorReplies errors) {
        this.errors = errors;
    }

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return ChatResource.render(errors.of(e));
    }

    @ServerExceptionMapper
    public Response rejected(TierRejectedException e) {
        return ChatResource.render(errors.of(e));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        return ChatResource.render(errors.of(e));
    }

    @ServerExceptionMapper
    public Response any(Throwable e) {
        return ChatResource.render(errors.of(e));
    }
}
