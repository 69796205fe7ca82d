package io.hybridllm.light.serving;

import static io.hybridllm.light.serving.LightEndpointsTest.expectError;
import static io.hybridllm.light.serving.LightEndpointsTest.post;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hybridllm.core.api.SharedEmbedding;
import io.hybridllm.light.encoding.OnnxSentenceEncoder;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The router's embedding in {@code hybrid_embedding}: used when it is surely ours, re-embedded otherwise, 400 when malformed. */
@QuarkusTest
class SharedEmbeddingTest {

    static final String CARD = "Where is my new card? It still hasn't arrived";
    static final String FRANCE = "what is the capital of France";

    @Inject
    LightModels models;

    @Inject
    MeterRegistry registry;

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "quarkus.lambda.mock-event-server.test-port")
    int eventServerPort;

    OnnxSentenceEncoder encoder() {
        return models.current().encoder();
    }

    float[] embed(String text) throws Exception {
        return encoder().embed(List.of(text))[0];
    }

    /** A chat body asking {@code question}, with this {@code hybrid_embedding} object (null: none). */
    String body(String question, ObjectNode embedding) {
        ObjectNode body = mapper.createObjectNode();
        body.putArray("messages").addObject().put("role", "user").put("content", question);
        if (embedding != null) {
            body.set(SharedEmbedding.FIELD, embedding);
        }
        return body.toString();
    }

    ObjectNode embedding(String encoder, int tokens, float[] vector) {
        return mapper.valueToTree(new SharedEmbedding(encoder, tokens, vector));
    }

    ObjectNode ours(String text) throws Exception {
        return embedding(encoder().version(), encoder().countTokens(text), embed(text));
    }

    double count(String outcome) {
        var counter = registry.find(LightService.SHARED_EMBEDDING_METRIC).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    JsonPath ask(String body) {
        return post("/v1/chat/completions", body).statusCode(200).extract().jsonPath();
    }

    @Test
    void ourEncodersVectorOfTheQueryIsUsedCountedAndGivesTheSameAnswer() throws Exception {
        JsonPath computed = ask(body(CARD, null));
        double used = count("used");
        JsonPath shared = ask(body(CARD, ours(CARD)));
        assertEquals("confident;language=en;embedding=shared", shared.getString("hybrid.reason"));
        assertEquals("confident;language=en", computed.getString("hybrid.reason"));
        assertEquals(computed.getString("hybrid.intent"), shared.getString("hybrid.intent"));
        assertEquals(computed.getDouble("hybrid.confidence"), shared.getDouble("hybrid.confidence"));
        assertEquals(computed.getInt("usage.prompt_tokens"), shared.getInt("usage.prompt_tokens"));
        assertEquals(used + 1, count("used"));
    }

    /** The shared vector is of another text: if light used it, the card question would get France's verdict. */
    @Test
    void anotherEncodersVectorIsNotUsed() throws Exception {
        double mismatched = count("encoder_mismatch");
        JsonPath answer = ask(body(CARD, embedding("all-minilm-l6-v2@1.19.0-beta29", 12, embed(FRANCE))));
        assertEquals("confident;language=en", answer.getString("hybrid.reason"));
        assertEquals("card_arrival", answer.getString("hybrid.intent"));
        assertEquals(mismatched + 1, count("encoder_mismatch"));
    }

    @Test
    void aVectorOfMoreTokensThanWeKeepIsNotUsed() throws Exception {
        double tooLong = count("too_long");
        JsonPath answer = ask(body(CARD, embedding(encoder().version(), encoder().maxSequenceLength() + 1,
                embed(FRANCE))));
        assertEquals("confident;language=en", answer.getString("hybrid.reason"));
        assertEquals("card_arrival", answer.getString("hybrid.intent"));
        assertEquals(tooLong + 1, count("too_long"));
    }

    /** What a wrong but well-formed vector can do: pick another intent, whose answer is still ours. */
    @Test
    void aWellFormedWrongVectorOnlyChangesTheVerdict() throws Exception {
        JsonPath answer = ask(body(CARD, embedding(encoder().version(), 12, embed(FRANCE))));
        assertEquals(true, answer.getBoolean("hybrid.abstained"));
        assertNotEquals("card_arrival", answer.getString("hybrid.intent"));
        assertEquals("out_of_scope;language=en;embedding=shared", answer.getString("hybrid.reason"));
    }

    @Test
    void aChineseQueryIgnoresTheEnglishVector() throws Exception {
        post("/v1/chat/completions", body("我的卡还没到", ours(CARD))).statusCode(200)
                .body("hybrid.reason", containsString("language=zh"))
                .body("hybrid.reason", not(containsString("embedding=shared")));
    }

    @Test
    void malformedFieldsAre400s() throws Exception {
        String version = encoder().version();
        float[] good = embed(CARD);
        float[] doubled = good.clone();
        for (int i = 0; i < doubled.length; i++) {
            doubled[i] *= 2;
        }
        float[] shorter = java.util.Arrays.copyOf(good, good.length - 1);
        double norm = 0;
        for (float v : shorter) {
            norm += v * v;
        }
        for (int i = 0; i < shorter.length; i++) {
            shorter[i] /= (float) Math.sqrt(norm);
        }
        ObjectNode overflow = ours(CARD);
        ((ArrayNode) overflow.get("vector")).set(0, mapper.getNodeFactory().numberNode(1e60));
        ObjectNode textual = ours(CARD);
        ((ArrayNode) textual.get("vector")).set(0, mapper.getNodeFactory().textNode("0.1"));
        ObjectNode tokensText = ours(CARD).put("tokens", "twelve");
        ObjectNode noEncoder = ours(CARD);
        noEncoder.remove("encoder");
        List<String> bodies = List.of(
                body(CARD, embedding(version, 12, doubled)),
                body(CARD, embedding(version, 12, shorter)),
                body(CARD, embedding(version, 0, good)),
                body(CARD, overflow),
                body(CARD, textual),
                body(CARD, tokensText),
                body(CARD, noEncoder),
                body(CARD, mapper.createObjectNode()),
                body(CARD, null).replace("}]}", "}],\"hybrid_embedding\":[1,2]}"));
        for (String bad : bodies) {
            expectError(post("/v1/chat/completions", bad), 400, "invalid_shared_embedding");
        }
    }

    @Test
    void theLambdaPathsReadTheFieldToo() throws Exception {
        String invoke = "http://localhost:" + eventServerPort + "/_lambda_";
        given().contentType("application/json").body(body(CARD, ours(CARD)))
                .when().post(invoke).then().statusCode(200)
                .body("hybrid.reason", equalTo("confident;language=en;embedding=shared"));
        given().contentType("application/json")
                .body(LightLambdaHandlerTest.functionUrlEvent(body(CARD, ours(CARD)), true))
                .when().post(invoke).then().statusCode(200)
                .body("statusCode", equalTo(200))
                .body("body", containsString("embedding=shared"));
        float[] tooShort = {1f};
        given().contentType("application/json").body(body(CARD, embedding(encoder().version(), 12, tooShort)))
                .when().post(invoke).then().statusCode(200)
                .body("error.code", equalTo("invalid_shared_embedding"));
        given().contentType("application/json")
                .body(LightLambdaHandlerTest.functionUrlEvent(body(CARD, embedding(encoder().version(), 12, tooShort)), false))
                .when().post(invoke).then().statusCode(200)
                .body("statusCode", equalTo(400))
                .body("body", containsString("invalid_shared_embedding"));
    }
}
