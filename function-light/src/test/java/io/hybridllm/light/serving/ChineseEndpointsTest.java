package io.hybridllm.light.serving;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridllm.core.api.ChatCompletionRequest;
import io.hybridllm.core.api.ChatCompletionResponse;
import io.hybridllm.core.api.ChatMessage;
import io.hybridllm.light.config.LimitsConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The light tier picks English or Chinese per request, and says which in the reason. */
@QuarkusTest
class ChineseEndpointsTest {

    @Inject
    LightModels models;

    @Inject
    LimitsConfig limits;

    static ValidatableResponse chat(String content) {
        return RestAssured.given().port(LightEndpointsTest.HTTP_TEST_PORT).contentType("application/json")
                .body("{\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}")
                .when().post("/v1/chat/completions").then().statusCode(200);
    }

    static String answer(String resource, String intent) throws Exception {
        try (InputStream in = ChineseEndpointsTest.class.getClassLoader().getResourceAsStream(resource)) {
            JsonNode file = new ObjectMapper().readTree(in);
            return file.get("answers").get(intent).asText();
        }
    }

    @Test
    void chineseBankingQuestionGetsTheChineseAnswer() throws Exception {
        chat("我上周申请的新卡到现在都没寄到，怎么回事")
                .body("hybrid.abstained", equalTo(false))
                .body("hybrid.intent", equalTo("card_arrival"))
                .body("hybrid.reason", equalTo("confident;language=zh"))
                .body("choices[0].message.content", equalTo(answer("kb/banking77-answers-zh.json", "card_arrival")));
    }

    @Test
    void englishQuestionStillGetsTheEnglishAnswer() throws Exception {
        chat("Where is my new card? It still hasn't arrived")
                .body("hybrid.abstained", equalTo(false))
                .body("hybrid.intent", equalTo("card_arrival"))
                .body("hybrid.reason", equalTo("confident;language=en"))
                .body("choices[0].message.content", equalTo(answer("kb/banking77-answers.json", "card_arrival")));
    }

    @Test
    void chineseWithEnglishWordsAndTraditionalChineseUseTheChineseModel() {
        chat("我的ATM卡被吞了").body("hybrid.reason", containsString("language=zh"))
                .body("hybrid.intent", equalTo("card_swallowed"));
        chat("轉帳失敗了怎麼辦").body("hybrid.reason", containsString("language=zh"));
    }

    @Test
    void unsupportedScriptAbstainsWithoutClassifying() {
        for (String text : new String[] {"カードが届きません", "카드가 도착하지 않았어요", "Где моя карта?"}) {
            chat(text)
                    .body("hybrid.abstained", equalTo(true))
                    .body("hybrid.reason", equalTo("unsupported_language"))
                    .body("hybrid.intent", nullValue())
                    .body("choices[0].finish_reason", equalTo("stop"))
                    .body("choices[0].message.content", equalTo(LightService.UNSUPPORTED_LANGUAGE_ANSWER));
        }
    }

    @Test
    void modelsVersionCoversBothLanguages() {
        LightModels.Loaded chinese = models.chinese();
        assertNotNull(chinese, "Chinese models failed to load: " + models.failure());
        RestAssured.given().port(LightEndpointsTest.HTTP_TEST_PORT).when().get("/v1/models").then().statusCode(200)
                .body("data", hasSize(1))
                .body("data[0].version", equalTo(models.current().version() + ";zh=bge-small-zh-v1.5-q@1.11.0-beta19+"
                        + chinese.head().hash() + "+answers-" + chinese.modelsVersion().split("\\+answers-")[1]));
    }

    @Test
    void embeddingsAreEnglishUnlessTheChineseModelIsNamed() {
        RestAssured.given().port(LightEndpointsTest.HTTP_TEST_PORT).contentType("application/json")
                .body("{\"input\":\"我的卡丢了\"}").when().post("/v1/embeddings").then().statusCode(200)
                .body("data[0].embedding", hasSize(384));
        RestAssured.given().port(LightEndpointsTest.HTTP_TEST_PORT).contentType("application/json")
                .body("{\"model\":\"hybrid-light-bge-small-zh-int8\",\"input\":[\"我的卡丢了\",\"转账失败\"]}")
                .when().post("/v1/embeddings").then().statusCode(200)
                .body("model", equalTo("hybrid-light-bge-small-zh-int8"))
                .body("data", hasSize(2))
                .body("data[1].embedding", hasSize(512));
    }

    @Test
    void editingAChineseAnswerChangesTheVersion() throws Exception {
        // Same English and Chinese models except one edited Chinese answer (test resource).
        LightModels edited = LightModelsFailureTest.models(new ChineseSettings(true, "kb/banking77-zh-head.json",
                "kb-test/banking77-answers-zh-edited.json", OptionalDouble.empty()).withShippedEnglish());
        edited.onStart(null);
        try {
            assertNotNull(edited.current(), edited.failure());
            assertEquals(models.current().modelsVersion(), edited.current().modelsVersion(),
                    "English encoder and head unchanged");
            assertNotEquals(models.version(), edited.version());
        } finally {
            edited.onStop(null);
        }
    }

    @Test
    void withChineseDisabledChineseQuestionsAreUnsupported() {
        LightModels englishOnly = LightModelsFailureTest.models(ChineseSettings.DISABLED.withShippedEnglish());
        englishOnly.onStart(null);
        try {
            assertNotNull(englishOnly.current(), englishOnly.failure());
            assertEquals(null, englishOnly.chinese());
            assertFalse(englishOnly.version().contains(";zh="), englishOnly.version());
            LightService service = new LightService(englishOnly, ChineseSettings.DISABLED.withShippedEnglish(), limits,
                    new ObjectMapper(), new SimpleMeterRegistry());
            ChatCompletionResponse response = service.chat(
                    ChatCompletionRequest.of(List.of(ChatMessage.user("我的卡丢了，怎么办"))));
            assertTrue(response.hybrid().abstained());
            assertEquals("unsupported_language", response.hybrid().reason());
            assertEquals(LightService.ENGLISH_ONLY_ANSWER, response.choices().get(0).message().content());
        } finally {
            englishOnly.onStop(null);
        }
    }
}
