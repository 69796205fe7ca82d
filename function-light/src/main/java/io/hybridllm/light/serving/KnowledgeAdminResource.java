package io.hybridllm.light.serving;

import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Admin API of the knowledge base, behind {@code Authorization: Bearer <hybrid.light.admin-token>}
 * (404 when no token is configured). Bodies arrive as bytes so that size, encoding and JSON errors
 * get the same OpenAI-style answers as the chat endpoint.
 */
@Path("/admin/knowledge")
@Blocking
@Produces(MediaType.APPLICATION_JSON)
public class KnowledgeAdminResource {

    private final AdminAuthenticator auth;
    private final KnowledgeAdmin admin;

    public KnowledgeAdminResource(AdminAuthenticator auth, KnowledgeAdmin admin) {
        this.auth = auth;
        this.admin = admin;
    }

    @GET
    public KnowledgeListing list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        auth.require(authorization);
        return admin.list();
    }

    @GET
    @Path("/{language}/{intent}")
    public KnowledgeEntryReply get(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                   @PathParam("language") String language, @PathParam("intent") String intent) {
        auth.require(authorization);
        return admin.get(language, intent);
    }

    /** Creates (201) or replaces (200) an entry; body {@code {"examples":[...],"answer":"..."}}. */
    @PUT
    @Path("/{language}/{intent}")
    @Consumes(MediaType.WILDCARD)
    public Response put(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                        @PathParam("language") String language, @PathParam("intent") String intent, byte[] body) {
        auth.require(authorization);
        KnowledgeAdmin.PutOutcome outcome = admin.put(language, intent, body);
        return Response.status(outcome.created() ? 201 : 200).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(outcome.reply()).build();
    }

    @DELETE
    @Path("/{language}/{intent}")
    public KnowledgeEntryReply delete(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                      @PathParam("language") String language, @PathParam("intent") String intent) {
        auth.require(authorization);
        return admin.delete(language, intent);
    }
}
