package io.hybridllm.heavy.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridllm.core.api.ChatCompletionRequest;
import io.hybridllm.core.validation.RequestParser;
import io.vertx.core.http.HttpServerResponse;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;

/** OpenAI-compatible HTTP surface of the heavy tier. */
@Path("/v1")
public class ChatResource {

    @Inject
    HeavyService service;

    @Inject
    HeavyModel model;

    @Inject
    RequestParser parser;

    @Inject
    ObjectMapper mapper;

    /** The body is read raw so that size, encoding and JSON errors get our OpenAI-style answers. */
    @POST
    @Path("/chat/completions")
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, MediaType.SERVER_SENT_EVENTS})
    public Response chat(byte[] body, @Context HttpServerResponse httpResponse) {
        ChatCompletionRequest request = parser.parseChat(body);
        if (request.streaming()) {
            return Response.ok(service.stream(request, includeUsage(body), httpResponse::closed),
                            MediaType.SERVER_SENT_EVENTS)
                    .header("Cache-Control", "no-cache")
                    .header("X-Accel-Buffering", "no")
                    .build();
        }
        return Response.ok(service.complete(request), MediaType.APPLICATION_JSON).build();
    }

    /**
     * {@code stream_options.include_usage}, which the core request record does not carry; read from
     * the body that {@link RequestParser} has already validated as a JSON object.
     */
    private boolean includeUsage(byte[] body) {
        try {
            return mapper.readTree(body).path("stream_options").path("include_usage").asBoolean(false);
        } catch (IOException e) {
            return false;
        }
    }

    @GET
    @Path("/models")
    @Produces(MediaType.APPLICATION_JSON)
    public ModelList models() {
        return ModelList.of(model.modelId(), model.version());
    }
}
