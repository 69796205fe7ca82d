package io.hybridllm.light.serving;

import static io.hybridllm.light.serving.LightEndpointsTest.expectError;
import static io.hybridllm.light.serving.LightEndpointsTest.given;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Without hybrid.light.admin-token (the default) the admin API does not exist: 404, even with a token. */
@QuarkusTest
class KnowledgeAdminDisabledTest {

    @Test
    void everyAdminCallIs404() {
        expectError(given().when().get("/admin/knowledge").then(), 404, "not_found");
        expectError(given().header("Authorization", "Bearer anything").when().get("/admin/knowledge/en/card_arrival")
                .then(), 404, "not_found");
        expectError(given().header("Authorization", "Bearer anything").contentType("application/json")
                .body("{\"answer\":\"x\"}").when().put("/admin/knowledge/en/card_arrival").then(), 404, "not_found");
        expectError(given().when().delete("/admin/knowledge/en/card_arrival").then(), 404, "not_found");
    }
}
