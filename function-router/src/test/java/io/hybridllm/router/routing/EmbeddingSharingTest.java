package io.hybridllm.router.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hybridllm.core.api.SharedEmbedding;
import io.hybridllm.router.RouterTestSupport;
import io.hybridllm.router.doubles.TestWorld;
import io.hybridllm.router.doubles.TiersAndRedisResource;
import io.hybridllm.router.embedding.SentenceEncoder;
import io.hybridllm.router.scoring.ScorerProducer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the router puts in {@code hybrid_embedding} for the light tier, and what it never lets through. */
@QuarkusTest
@WithTestResource(TiersAndRedisResource.class)
class EmbeddingSharingTest extends RouterTestSupport {

    @Inject
    ScorerProducer.SentenceEncoderHolder scoring;

    @BeforeEach
    void healthyTiers() {
        TestWorld.reset();
    }

    SentenceEncoder encoder() {
        return scoring.encoder();
    }

    static float[] vectorOf(JsonNode embedding) {
        float[] vector = new float[embedding.path("vector").size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = embedding.path("vector").get(i).floatValue();
        }
        return vector;
    }

    JsonNode sentToLight() {
        return TestWorld.light().lastRequest().path(SharedEmbedding.FIELD);
    }

    @Test
    void lightGetsTheScorersVectorOfTheQuestionNamedWithoutTruncation() throws Exception {
        ask(tenant(), EASY).then().statusCode(200).header("x-hybrid-tier", "light");
        JsonNode shared = sentToLight();
        assertEquals(encoder().model(), shared.path("encoder").asText());
        assertFalse(shared.path("encoder").asText().contains("/max"), shared.path("encoder").asText());
        assertEquals(encoder().tokens(EASY), shared.path("tokens").asInt());
        assertArrayEquals(encoder().embed(EASY), vectorOf(shared));
    }

    @Test
    void aClientsEmbeddingIsIgnored() throws Exception {
        float[] planted = new float[encoder().dimension()];
        planted[0] = 1f;
        ObjectNode body = request(EASY);
        body.set(SharedEmbedding.FIELD, JSON.valueToTree(new SharedEmbedding(encoder().model(), 3, planted)));
        post(tenant(), body).then().statusCode(200).header("x-hybrid-tier", "light");
        assertArrayEquals(encoder().embed(EASY), vectorOf(sentToLight()));

        // Not even a malformed one is looked at: it is not the client's field.
        ObjectNode malformed = request(EASY);
        malformed.putObject(SharedEmbedding.FIELD).put("vector", "not numbers");
        post(tenant(), malformed).then().statusCode(200).header("x-hybrid-tier", "light");
        assertArrayEquals(encoder().embed(EASY), vectorOf(sentToLight()));
    }

    @Test
    void aMultiTurnRequestSharesTheLastUserTurnNotTheTextOfEarlierTurns() throws Exception {
        String first = "I ordered a card last week.";
        ObjectNode body = request(first);
        ArrayNode messages = (ArrayNode) body.get("messages");
        messages.addObject().put("role", "assistant").put("content", "It is on its way.");
        messages.addObject().put("role", "user").put("content", EASY);
        post(tenant(), body).then().statusCode(200).header("x-hybrid-tier", "light");
        assertArrayEquals(encoder().embed(EASY), vectorOf(sentToLight()));
    }

    @Test
    void noVectorWhenTheScoredTurnIsNotTheOneLightReads() {
        // Light answers the last user message (blank here); the scorer embedded the one before it.
        ObjectNode body = request(EASY);
        ArrayNode messages = (ArrayNode) body.get("messages");
        messages.addObject().put("role", "assistant").put("content", "Which card?");
        messages.addObject().put("role", "user").put("content", " ");
        post(tenant(), body).then().statusCode(200).header("x-hybrid-tier", "light");
        assertTrue(sentToLight().isMissingNode(), sentToLight().toString());
    }

    @Test
    void theHeavyTierIsNeverSentTheVector() {
        ask(tenant(), HARD).then().statusCode(200).header("x-hybrid-tier", "heavy");
        assertTrue(TestWorld.heavy().lastRequest().path(SharedEmbedding.FIELD).isMissingNode());

        ask(tenant(), "My card has not arrived yet, abstain please").then().statusCode(200)
                .header("x-hybrid-tier", "heavy").header("x-hybrid-reason", "light_abstained");
        assertTrue(sentToLight().isObject(), "light was sent the vector");
        assertTrue(TestWorld.heavy().lastRequest().path(SharedEmbedding.FIELD).isMissingNode());
    }
}
