package io.hybridllm.router.serving;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/** OpenAI-compatible endpoints; bodies are read as bytes so that the core parser owns validation. */
@Path("/v1")
public class ChatResource {

    private final ChatResponder responder;

    public ChatResource(ChatResponder responder) {
        this.responder = responder;
    }

    @POST
    @Path("/chat/completions")
    @Consumes(MediaType.WILDCARD)
    public Response chat(byte[] body, @HeaderParam("X-Tenant-Id") String tenant,
                         @HeaderParam(ChatResponder.HEAVY_SHARE_HEADER) String heavyShare) {
        return render(responder.chat(tenant, heavyShare, body));
    }

    @GET
    @Path("/models")
    public Response models() {
        return render(responder.models());
    }

    static Response render(Reply reply) {
        Response.ResponseBuilder builder = Response.status(reply.status()).type(reply.contentType())
                .entity((StreamingOutput) reply.body()::writeTo);
        reply.headers().forEach(builder::header);
        if (reply.contentType().startsWith("text/event-stream")) {
            builder.header("Cache-Control", "no-cache");
        }
        return builder.build();
    }
}
