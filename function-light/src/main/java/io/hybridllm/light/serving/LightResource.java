package io.hybridllm.light.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridllm.core.api.ChatCompletionChunk;
import io.hybridllm.core.api.ChatCompletionRequest;
import io.hybridllm.core.api.ChatCompletionResponse;
import io.hybridllm.core.api.EmbeddingResponse;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * OpenAI-compatible endpoints. Bodies arrive as bytes so that size, encoding and JSON errors are
 * reported by the shared parser with OpenAI-style bodies rather than by the framework.
 */
@Path("/v1")
@Blocking
public class LightResource {

    private final LightService service;
    private final ObjectMapper mapper;

    public LightResource(LightService service, ObjectMapper mapper) {
        this.service = service;
        this.mapper = mapper;
    }

    @POST
    @Path("/chat/completions")
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, "text/event-stream"})
    public Response chat(byte[] body) throws JsonProcessingException {
        ChatCompletionRequest request = service.parser().parseRoutedChat(body);
        ChatCompletionResponse response = service.chat(request);
        if (!request.streaming()) {
            return Response.ok(response, MediaType.APPLICATION_JSON_TYPE).build();
        }
        // The answer is complete before the first byte, so the whole event stream is written at once.
        StringBuilder events = new StringBuilder();
        for (ChatCompletionChunk chunk : ChatCompletionChunk.fromResponse(response)) {
            events.append("data: ").append(mapper.writeValueAsString(chunk)).append("\n\n");
        }
        events.append("data: ").append(ChatCompletionChunk.DONE).append("\n\n");
        return Response.ok(events.toString(), "text/event-stream").header("Cache-Control", "no-cache").build();
    }

    @POST
    @Path("/embeddings")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public EmbeddingResponse embeddings(byte[] body) {
        return service.embeddings(service.parser().parseEmbeddings(body));
    }

    @GET
    @Path("/models")
    @Produces(MediaType.APPLICATION_JSON)
    public ModelList models() {
        return service.models();
    }
}
