package io.hybridllm.router.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridllm.core.api.ApiError;
import io.hybridllm.core.api.ApiException;
import io.hybridllm.router.tiers.TierRejectedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.util.Map;
import org.jboss.logging.Logger;

/** Turns any failure into an OpenAI-style error reply; the only place that decides error bodies. */
@ApplicationScoped
public class ErrorReplies {

    private static final Logger LOG = Logger.getLogger(ErrorReplies.class);

    private final ObjectMapper mapper;

    public ErrorReplies(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public Reply of(Throwable failure) {
        if (failure instanceof ApiException api) {
            return of(api.error());
        }
        if (failure instanceof TierRejectedException rejected) {
            // The tier already wrote an OpenAI error body for the client's mistake; pass it on as-is.
            return new Reply(rejected.status(), rejected.contentType(),
                    Map.of("x-hybrid-tier", rejected.tier()), out -> out.write(rejected.body()));
        }
        if (failure instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            if (status >= 500) {
                LOG.error("request failed", failure);
                return of(ApiError.internal("internal error"));
            }
            return of(new ApiError(status, web.getMessage() == null ? "HTTP " + status : web.getMessage(),
                    "invalid_request_error", null, status == 404 ? "not_found" : "http_" + status));
        }
        LOG.error("request failed", failure);
        return of(ApiError.internal("internal error"));
    }

    public Reply of(ApiError error) {
        try {
            return Reply.json(error.status(), mapper.writeValueAsBytes(error.body()), Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("error bodies are plain records", e);
        }
    }
}
