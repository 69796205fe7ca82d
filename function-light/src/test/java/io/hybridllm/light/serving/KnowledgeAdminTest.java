package io.hybridllm.light.serving;

import static io.hybridllm.light.serving.LightEndpointsTest.chat;
import static io.hybridllm.light.serving.LightEndpointsTest.expectError;
import static io.hybridllm.light.serving.LightEndpointsTest.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridllm.light.knowledge.KnowledgeEntry;
import io.hybridllm.light.knowledge.KnowledgeSnapshot;
import io.hybridllm.light.knowledge.store.KnowledgeLoadException;
import io.hybridllm.light.knowledge.store.RedisKnowledgeProfile;
import io.hybridllm.light.knowledge.store.RedisKnowledgeStore;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The admin API against a real, persistent redis-server over real HTTP: what it rejects (and that a
 * rejection changes nothing), what it accepts (and that answers change at once), durability, and
 * corrupt stored entries.
 */
@QuarkusTest
@TestProfile(RedisKnowledgeProfile.class)
class KnowledgeAdminTest {

    static final String CARD_ARRIVAL_QUESTION = "Where is my new card? It still hasn't arrived";

    @Inject
    RedisDataSource redis;

    @Inject
    ObjectMapper mapper;

    static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + RedisKnowledgeProfile.ADMIN_TOKEN);
    }

    static ValidatableResponse put(String path, String body) {
        return admin().contentType("application/json").body(body).when().put("/admin/knowledge/" + path).then();
    }

    static long version() {
        return admin().when().get("/admin/knowledge").then().statusCode(200).extract().jsonPath().getLong("version");
    }

    String storedVersion() {
        return redis.value(String.class).get("hybrid:knowledge:version");
    }

    static ValidatableResponse ask(String question) {
        return given().contentType("application/json").body(chat(question)).when().post("/v1/chat/completions")
                .then().statusCode(200);
    }

    static String modelVersion() {
        return given().when().get("/v1/models").then().statusCode(200).extract().path("data[0].version");
    }

    RedisKnowledgeStore otherInstanceStore(String prefix) {
        return new RedisKnowledgeStore(redis, mapper, prefix, RedisKnowledgeProfile.redis().url());
    }

    @Test
    void listsTheSeededKnowledgeWithItsVersion() {
        admin().when().get("/admin/knowledge").then().statusCode(200)
                .body("object", equalTo("knowledge"))
                .body("version", greaterThan(0))
                .body("entries.find { it.language == 'en' && it.intent == 'card_arrival' }.answer",
                        org.hamcrest.Matchers.containsString("Kestrel"))
                .body("entries.find { it.language == 'zh' && it.intent == 'card_arrival' }.examples.size()", equalTo(0))
                // banking77's one capitalised intent is keyed in lower case
                .body("entries.find { it.intent == 'refund_not_showing_up' }", org.hamcrest.Matchers.notNullValue())
                .body("entries.find { it.intent == 'reverted_card_payment' }", org.hamcrest.Matchers.notNullValue());
        admin().when().get("/admin/knowledge/en/card_arrival").then().statusCode(200)
                .body("object", equalTo("knowledge.entry"))
                .body("entry.intent", equalTo("card_arrival"))
                .body("entry.language", equalTo("en"));
    }

    @Test
    void missingOrWrongTokenIs401WithBearerChallenge() {
        for (RequestSpecification request : List.of(given(), given().header("Authorization", "Bearer wrong"),
                given().header("Authorization", "Basic " + RedisKnowledgeProfile.ADMIN_TOKEN),
                given().header("Authorization", "Bearer " + RedisKnowledgeProfile.ADMIN_TOKEN + "x"))) {
            expectError(request.when().get("/admin/knowledge").then().header("WWW-Authenticate", "Bearer"), 401,
                    "invalid_api_key");
        }
        long before = version();
        expectError(given().header("Authorization", "Bearer wrong").contentType("application/json")
                .body("{\"answer\":\"hacked\"}").when().put("/admin/knowledge/en/card_arrival").then(), 401,
                "invalid_api_key");
        expectError(given().when().delete("/admin/knowledge/en/card_arrival").then(), 401, "invalid_api_key");
        assertEquals(before, version());
        ask(CARD_ARRIVAL_QUESTION).body("choices[0].message.content", org.hamcrest.Matchers.not("hacked"));
    }

    @Test
    void badInputsAreRejectedAndChangeNothing() throws Exception {
        long before = version();
        String stored = storedVersion();
        String modelVersion = modelVersion();

        expectError(put("en/card_arrival", "{\"answer\": \"x\""), 400, "invalid_json");
        expectError(put("en/card_arrival", "[\"answer\"]"), 400, "invalid_json");
        expectError(admin().contentType("application/json").when().put("/admin/knowledge/en/card_arrival").then(),
                400, "invalid_json");
        HttpResponse<String> nonUtf8 = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + LightEndpointsTest.HTTP_TEST_PORT + "/admin/knowledge/en/x1"))
                .header("Authorization", "Bearer " + RedisKnowledgeProfile.ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'{', '"', 'a', 'n', 's', 'w', 'e', 'r', '"', ':',
                        '"', (byte) 0xC3, (byte) 0x28, '"', '}'})).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, nonUtf8.statusCode());
        assertTrue(nonUtf8.body().contains("\"code\":\"invalid_encoding\""), nonUtf8.body());

        expectError(put("en/card_arrival", "{\"answer\":\"" + "a".repeat(70_000) + "\"}"), 413, "request_too_large");

        expectError(put("en/card_arrival", "{\"answer\":\"ok\",\"answr\":\"typo\"}").body("error.param",
                equalTo("answr")), 422, "unknown_parameter");
        expectError(put("en/card_arrival", "{\"examples\":[\"a\"]}").body("error.param", equalTo("answer")), 422,
                "missing_required_parameter");
        expectError(put("en/card_arrival", "{\"answer\":\"   \"}").body("error.param", equalTo("answer")), 422,
                "invalid_value");
        expectError(put("en/card_arrival", "{\"answer\":42}").body("error.param", equalTo("answer")), 422,
                "invalid_type");
        expectError(put("en/card_arrival", "{\"answer\":\"" + "a".repeat(4001) + "\"}")
                .body("error.param", equalTo("answer")), 422, "invalid_value");
        expectError(put("en/card_arrival", "{\"answer\":\"ok\",\"examples\":\"one\"}")
                .body("error.param", equalTo("examples")), 422, "invalid_type");
        expectError(put("en/card_arrival", "{\"answer\":\"ok\",\"examples\":[\"fine\",\" \"]}")
                .body("error.param", equalTo("examples[1]")), 422, "invalid_value");
        expectError(put("en/card_arrival", "{\"answer\":\"ok\",\"examples\":[\"fine\",7]}")
                .body("error.param", equalTo("examples[1]")), 422, "invalid_type");
        expectError(put("en/card_arrival", "{\"answer\":\"ok\",\"examples\":[\"" + "q".repeat(513) + "\"]}")
                .body("error.param", equalTo("examples[0]")), 422, "invalid_value");
        String tooMany = "\"q\",".repeat(200) + "\"q\"";
        expectError(put("en/card_arrival", "{\"answer\":\"ok\",\"examples\":[" + tooMany + "]}")
                .body("error.param", equalTo("examples")), 422, "invalid_value");
        expectError(put("fr/card_arrival", "{\"answer\":\"ok\"}").body("error.param", equalTo("language")), 422,
                "invalid_value");
        expectError(put("en/Card-Arrival", "{\"answer\":\"ok\"}").body("error.param", equalTo("intent")), 422,
                "invalid_value");
        expectError(put("en/" + "a".repeat(65), "{\"answer\":\"ok\"}").body("error.param", equalTo("intent")), 422,
                "invalid_value");
        expectError(admin().when().get("/admin/knowledge/en/BAD").then(), 422, "invalid_value");
        expectError(admin().when().get("/admin/knowledge/en/no_such_intent").then(), 404,
                "knowledge_entry_not_found");
        expectError(admin().when().delete("/admin/knowledge/en/no_such_intent").then(), 404,
                "knowledge_entry_not_found");
        expectError(admin().when().delete("/admin/knowledge/xx/card_arrival").then(), 422, "invalid_value");

        assertEquals(before, version(), "no rejected change may bump the version");
        assertEquals(stored, storedVersion(), "nor the version in Redis");
        assertEquals(modelVersion, modelVersion());
    }

    @Test
    void updateAndDeleteChangeAnswersAtOnce() {
        String original = admin().when().get("/admin/knowledge/en/card_arrival").then().statusCode(200).extract()
                .path("entry.answer");
        String modelBefore = modelVersion();
        long before = version();
        try {
            put("en/card_arrival", "{\"answer\":\"UPDATED: your card is on its way.\"}").statusCode(200)
                    .body("version", equalTo((int) before + 1))
                    .body("entry.answer", equalTo("UPDATED: your card is on its way."));
            assertEquals(String.valueOf(before + 1), storedVersion(), "Redis holds the new version");
            ask(CARD_ARRIVAL_QUESTION)
                    .body("choices[0].message.content", equalTo("UPDATED: your card is on its way."))
                    .body("hybrid.intent", equalTo("card_arrival"))
                    .body("hybrid.reason", equalTo("confident;language=en"));
            String modelAfterUpdate = modelVersion();
            assertNotEquals(modelBefore, modelAfterUpdate, "the light model version includes the knowledge version");
            assertTrue(modelAfterUpdate.contains("+kb-" + (before + 1) + "-"), modelAfterUpdate);

            admin().when().delete("/admin/knowledge/en/card_arrival").then().statusCode(200)
                    .body("object", equalTo("knowledge.entry.deleted"))
                    .body("version", equalTo((int) before + 2))
                    .body("entry.answer", equalTo("UPDATED: your card is on its way."));
            ask(CARD_ARRIVAL_QUESTION)
                    .body("hybrid.abstained", equalTo(true))
                    .body("hybrid.intent", equalTo("card_arrival"))
                    .body("hybrid.reason", equalTo("intent_removed;language=en"));
            expectError(admin().when().get("/admin/knowledge/en/card_arrival").then(), 404,
                    "knowledge_entry_not_found");
            assertNotEquals(modelAfterUpdate, modelVersion());
        } finally {
            put("en/card_arrival", mapper.createObjectNode().put("answer", original).toString())
                    .statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(201)));
        }
        ask(CARD_ARRIVAL_QUESTION).body("choices[0].message.content", equalTo(original))
                .body("hybrid.reason", equalTo("confident;language=en"));
    }

    @Test
    void newIntentIsAnsweredThroughItsExamplesWithoutRetraining() {
        String intent = "gold_card_" + UUID.randomUUID().toString().substring(0, 8);
        String question = "Can I upgrade to the Kestrel Gold metal card with airport lounge access?";
        put("en/" + intent, "{\"examples\":[\"" + question + "\",\"Do you offer a metal gold card?\"],"
                + "\"answer\":\"Kestrel Gold is coming next spring.\"}")
                .statusCode(201)
                .body("entry.examples.size()", equalTo(2));
        ask(question)
                .body("choices[0].message.content", equalTo("Kestrel Gold is coming next spring."))
                .body("hybrid.abstained", equalTo(false))
                .body("hybrid.intent", equalTo(intent))
                .body("hybrid.reason", equalTo("example_match;language=en"))
                .body("hybrid.confidence", greaterThan(0.9f));
        // Different questions are still classified by the head.
        ask(CARD_ARRIVAL_QUESTION).body("hybrid.intent", equalTo("card_arrival"));

        admin().when().delete("/admin/knowledge/en/" + intent).then().statusCode(200);
        ask(question).body("hybrid.reason", org.hamcrest.Matchers.not(equalTo("example_match;language=en")));
    }

    @Test
    void changesSurviveAStoreRestartAndARedisCrash() {
        String intent = "durable_" + UUID.randomUUID().toString().substring(0, 8);
        long version = put("en/" + intent, "{\"examples\":[\"is it durable?\"],\"answer\":\"Durable answer.\"}")
                .statusCode(201).extract().jsonPath().getLong("version");

        // A new store on the same Redis (as a restarted function would build) sees the change.
        KnowledgeSnapshot reloaded = loadWithRetry(otherInstanceStore("hybrid:knowledge:"));
        assertEquals(version, reloaded.version());
        assertEquals("Durable answer.", reloaded.answer("en", intent));
        assertEquals(List.of("is it durable?"), reloaded.entry("en", intent).orElseThrow().examples());

        // Redis itself crashes and comes back from its append-only file.
        RedisKnowledgeProfile.redis().kill();
        RedisKnowledgeProfile.redis().start();
        KnowledgeSnapshot afterCrash = loadWithRetry(otherInstanceStore("hybrid:knowledge:"));
        assertEquals(version, afterCrash.version());
        assertEquals("Durable answer.", afterCrash.answer("en", intent));

        admin().when().delete("/admin/knowledge/en/" + intent).then().statusCode(200);
    }

    @Test
    void changesMadeThroughAnotherInstanceArriveHere() throws InterruptedException {
        String intent = "elsewhere_" + UUID.randomUUID().toString().substring(0, 8);
        String question = "Which instance wrote this answer about shared knowledge?";
        long version = otherInstanceStore("hybrid:knowledge:")
                .put(new KnowledgeEntry(intent, "en", List.of(question), "Another instance wrote it."));
        long deadline = System.currentTimeMillis() + 10_000;
        String content = null;
        while (System.currentTimeMillis() < deadline) {
            content = ask(question).extract().path("choices[0].message.content");
            if ("Another instance wrote it.".equals(content)) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals("Another instance wrote it.", content);
        assertEquals(version, version());
        admin().when().delete("/admin/knowledge/en/" + intent).then().statusCode(200);
    }

    @Test
    void corruptStoredEntriesAreRejectedAtLoadNamingEachOne() {
        String prefix = "test:corrupt:" + UUID.randomUUID() + ":";
        var hash = redis.hash(String.class);
        hash.hset(prefix + "entries", "en:good", "{\"intent\":\"good\",\"language\":\"en\",\"examples\":[],"
                + "\"answer\":\"Fine.\"}");
        hash.hset(prefix + "entries", "en:broken_json", "{\"intent\":\"broken_json\",");
        hash.hset(prefix + "entries", "en:blank_answer", "{\"intent\":\"blank_answer\",\"language\":\"en\","
                + "\"examples\":[],\"answer\":\" \"}");
        hash.hset(prefix + "entries", "en:moved", "{\"intent\":\"elsewhere\",\"language\":\"en\",\"examples\":[],"
                + "\"answer\":\"Fine.\"}");
        redis.value(String.class).set(prefix + "version", "7");

        KnowledgeLoadException e = assertThrows(KnowledgeLoadException.class,
                () -> otherInstanceStore(prefix).loadOrSeed(List::of));
        String message = e.getMessage();
        assertTrue(message.contains("3 corrupt"), message);
        assertTrue(message.contains("'en:broken_json' is not valid JSON"), message);
        assertTrue(message.contains("'en:blank_answer' is not a valid entry: 'answer' must not be blank"), message);
        assertTrue(message.contains("'en:moved' holds the entry for 'en:elsewhere'"), message);
        assertTrue(!message.contains("'en:good'"), message);
        assertTrue(message.contains("refusing to load"), message);

        // A version that is not a number is named too, and the store never seeds over it.
        String other = "test:corrupt:" + UUID.randomUUID() + ":";
        redis.value(String.class).set(other + "version", "seven");
        KnowledgeLoadException bad = assertThrows(KnowledgeLoadException.class,
                () -> otherInstanceStore(other).loadOrSeed(() -> List.of(new KnowledgeEntry("a", "en", List.of(),
                        "A."))));
        assertTrue(bad.getMessage().contains("is not an integer"), bad.getMessage());
    }

    @Test
    void anEmptyStoreIsSeededOnceAtVersionOne() throws Exception {
        String prefix = "test:seed:" + UUID.randomUUID() + ":";
        KnowledgeEntry seed = new KnowledgeEntry("card_arrival", "en", List.of(), "Seeded.");
        KnowledgeSnapshot first = otherInstanceStore(prefix).loadOrSeed(() -> List.of(seed));
        assertEquals(1, first.version());
        assertEquals("Seeded.", first.answer("en", "card_arrival"));
        // Deleting everything is a state of its own, not "empty": no reseeding.
        assertEquals(2, otherInstanceStore(prefix).delete("en", "card_arrival").getAsLong());
        KnowledgeSnapshot second = otherInstanceStore(prefix).loadOrSeed(() -> List.of(seed));
        assertEquals(2, second.version());
        assertEquals(0, second.size());
    }

    private static KnowledgeSnapshot loadWithRetry(RedisKnowledgeStore store) {
        // Right after a Redis restart the client's first command may still hit the dead connection.
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try {
                return store.loadOrSeed(List::of);
            } catch (KnowledgeLoadException e) {
                if (System.currentTimeMillis() > deadline || e.getMessage().contains("corrupt")) {
                    throw new AssertionError(e);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
