package io.hybridllm.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.hybridllm.harness.stack.LocalStack;
import io.hybridllm.harness.stack.RedisProcess;
import io.hybridllm.harness.stack.RepositoryLayout;
import io.hybridllm.router.embedding.SentenceEncoder;
import io.hybridllm.router.scoring.LearnedHead;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole path for real: a private redis-server, the three functions started from their runner
 * jars, real HTTP between them, real ONNX models, and the official OpenAI Java SDK as the client.
 */
class EndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String MATHS = "Natalia sold clips to 48 of her friends in April, and then she sold half as "
            + "many clips in May. How many clips did Natalia sell altogether in April and May?";

    private static RedisProcess redis;
    private static LocalStack stack;
    private static OpenAIClient openai;

    @BeforeAll
    static void startEverything() {
        Path logs = RepositoryLayout.locate().target("e2e-logs");
        redis = RedisProcess.start(logs);
        stack = LocalStack.builder().logDir(logs).redis(redis.url())
                .routerProperty("hybrid.router.cache.timeout=200ms")
                .start();
        openai = OpenAIOkHttpClient.builder()
                .baseUrl(stack.routerUrl() + "/v1")
                .apiKey("not-needed-locally")
                .maxRetries(0)
                .build();
    }

    @AfterAll
    static void stopEverything() {
        if (stack != null) {
            stack.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static String tenant() {
        return "e2e-" + UUID.randomUUID();
    }

    private static HttpResponse<String> post(String tenant, String body) throws Exception {
        return post(tenant, body.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> post(String tenant, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(stack.routerUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("X-Tenant-Id", tenant)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String ask(String question) throws Exception {
        return JSON.writeValueAsString(Map.of("model", "hybrid-llm", "max_tokens", 24, "temperature", 0,
                "messages", List.of(Map.of("role", "user", "content", question))));
    }

    private static String tier(JsonValue hybrid) {
        return String.valueOf(hybrid.convert(Map.class).get("tier"));
    }

    @Test
    void aCustomerQuestionIsAnsweredByTheLightTierAndThenByTheCache() throws Exception {
        String tenant = tenant();
        HttpResponse<String> first = post(tenant, ask("Where is my new card? It still hasn't arrived."));
        assertEquals(200, first.statusCode(), first.body());
        JsonNode hybrid = JSON.readTree(first.body()).path("hybrid");
        assertEquals("light", hybrid.path("tier").asText(), first.body());
        assertEquals("card_arrival", hybrid.path("intent").asText());
        assertEquals("miss", first.headers().firstValue("x-hybrid-cache").orElse(""));

        HttpResponse<String> again = post(tenant, ask("  where is my NEW card?  It still hasn't arrived."));
        assertEquals(200, again.statusCode(), again.body());
        JsonNode cached = JSON.readTree(again.body());
        assertEquals("cache", cached.path("hybrid").path("tier").asText(), again.body());
        assertEquals("hit", again.headers().firstValue("x-hybrid-cache").orElse(""));
        assertEquals(JSON.readTree(first.body()).at("/choices/0/message/content").asText(),
                cached.at("/choices/0/message/content").asText());
    }

    @Test
    void aMathsProblemGoesToTheHeavyTier() throws Exception {
        HttpResponse<String> response = post(tenant(), ask(MATHS));
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("heavy", body.path("hybrid").path("tier").asText(), response.body());
        assertFalse(body.at("/choices/0/message/content").asText().isBlank());
        assertTrue(body.path("hybrid").path("score").asDouble() >= 0.5);
    }

    @Test
    void anOutOfScopeQuestionIsEscalatedWhenTheLightTierAbstains() throws Exception {
        HttpResponse<String> response = post(tenant(), ask("who invented the internet"));
        assertEquals(200, response.statusCode(), response.body());
        JsonNode hybrid = JSON.readTree(response.body()).path("hybrid");
        assertEquals("heavy", hybrid.path("tier").asText(), response.body());
        assertEquals("light_abstained", hybrid.path("reason").asText(), response.body());
    }

    @Test
    void theOpenAiSdkGetsAnAnswerAndTheHybridExtension() {
        ChatCompletion completion = openai.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("hybrid-llm")
                .addUserMessage("I want to change my PIN, how do I do that?")
                .maxCompletionTokens(24)
                .build());
        String content = completion.choices().get(0).message().content().orElse("");
        assertFalse(content.isBlank());
        JsonValue hybrid = completion._additionalProperties().get("hybrid");
        assertNotNull(hybrid, "the hybrid extension reaches SDK users as an additional property");
        assertEquals("light", tier(hybrid), hybrid.toString());
        assertEquals("change_pin", hybrid.convert(Map.class).get("intent"), hybrid.toString());
    }

    @Test
    void theOpenAiSdkStreamsHeavyAnswersAndTheStreamedAnswerIsCached() throws Exception {
        String question = "Explain step by step why the sum of two odd numbers is always even, with an example "
                + "using 17 and 25.";
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model("hybrid-llm")
                .addUserMessage(question)
                .maxCompletionTokens(24)
                .temperature(0.0)
                .build();
        StringBuilder streamed = new StringBuilder();
        int chunks = 0;
        try (StreamResponse<ChatCompletionChunk> stream = openai.chat().completions().createStreaming(params)) {
            for (ChatCompletionChunk chunk : (Iterable<ChatCompletionChunk>) stream.stream()::iterator) {
                chunks++;
                chunk.choices().forEach(c -> c.delta().content().ifPresent(streamed::append));
            }
        }
        assertTrue(chunks >= 3, "role, content and finish chunks: " + chunks);
        assertFalse(streamed.toString().isBlank());

        ChatCompletion again = openai.chat().completions().create(params);
        assertEquals("cache", tier(again._additionalProperties().get("hybrid")), "the streamed answer was cached");
        assertEquals(streamed.toString(), again.choices().get(0).message().content().orElse(""));
    }

    @Test
    void theOpenAiSdkStreamsLightAnswersToo() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model("hybrid-llm")
                .addUserMessage("My card payment was declined, why?")
                .build();
        StringBuilder streamed = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = openai.chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(streamed::append)));
        }
        ChatCompletion whole = openai.chat().completions().create(params);
        assertEquals(whole.choices().get(0).message().content().orElse(""), streamed.toString());
    }

    @Test
    void badInputGetsAnOpenAiStyleErrorThroughTheWholeStack() throws Exception {
        HttpResponse<String> malformed = post(tenant(), "{\"messages\": [");
        assertEquals(400, malformed.statusCode());
        JsonNode error = JSON.readTree(malformed.body()).path("error");
        assertEquals("invalid_json", error.path("code").asText());
        assertTrue(error.has("message") && error.has("type") && error.has("param"));

        byte[] invalidUtf8 = {'{', '"', 'm', '"', ':', '"', (byte) 0xFF, '"', '}'};
        assertEquals(400, post(tenant(), invalidUtf8).statusCode());

        OpenAIServiceException sdkError = assertThrows(OpenAIServiceException.class, () ->
                openai.chat().completions().create(ChatCompletionCreateParams.builder()
                        .model("hybrid-llm").addUserMessage("hi").maxCompletionTokens(1_000_000).build()));
        assertEquals(422, sdkError.statusCode());
        assertFalse(sdkError instanceof BadRequestException);
    }

    @Test
    void requestsSurviveRedisGoingAwayAndTheCacheReturnsWithIt() throws Exception {
        String tenant = tenant();
        String question = ask("How do I top up my account with a bank transfer?");
        assertEquals("miss", post(tenant, question).headers().firstValue("x-hybrid-cache").orElse(""));
        assertEquals("hit", post(tenant, question).headers().firstValue("x-hybrid-cache").orElse(""));

        redis.kill();
        HttpResponse<String> withoutRedis = post(tenant, question);
        assertEquals(200, withoutRedis.statusCode(), withoutRedis.body());
        assertEquals("bypass", withoutRedis.headers().firstValue("x-hybrid-cache").orElse(""));
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(stack.routerUrl() + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("hybrid_router_cache_bypass_total")
                && !l.endsWith(" 0.0")), "bypass is counted");

        redis.restart();
        // The answer was lost with Redis's memory: first a miss that refills it, then hits again.
        String cacheAfterRestart = "";
        for (int i = 0; i < 20 && !cacheAfterRestart.equals("hit"); i++) {
            cacheAfterRestart = post(tenant, question).headers().firstValue("x-hybrid-cache").orElse("");
            Thread.sleep(100);
        }
        assertEquals("hit", cacheAfterRestart);
    }

    /**
     * The light tier may use the router's vector only because it is the one light would compute: checked
     * bit for bit with both real encoders (the router's copy in-process, light's over /v1/embeddings), and
     * then that a routed request really is answered from the shared vector.
     */
    @Test
    void theRoutersEmbeddingIsTheLightTiersOwnAndLightUsesIt() throws Exception {
        List<String> texts = List.of("Where is my new card? It still hasn't arrived.",
                "I was charged TWICE for one coffee (3.50 EUR) - why?!",
                "Meine Karte wurde am Geldautomaten in Zürich eingezogen",
                "how do i top up",
                "I moved abroad last month and since then every card payment I try in a shop is declined, although "
                        + "online payments with the same card work fine and my balance is positive; what should I check "
                        + "first, and is there a limit on foreign transactions that I need to change in the app?");
        try (SentenceEncoder router = SentenceEncoder.forVersion(LearnedHead.bundled().encoder(), 1)) {
            for (String text : texts) {
                HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(URI.create(stack.lightUrl() + "/v1/embeddings"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("input", text))))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, reply.statusCode(), reply.body());
                JsonNode embedding = JSON.readTree(reply.body()).path("data").path(0).path("embedding");
                float[] light = new float[embedding.size()];
                for (int i = 0; i < light.length; i++) {
                    light[i] = embedding.get(i).floatValue();
                }
                org.junit.jupiter.api.Assertions.assertArrayEquals(router.embed(text), light, text);
            }
        }
        double used = lightSharedEmbeddings("used");
        HttpResponse<String> answer = post(tenant(), ask("My card still hasn't arrived, where is it?"));
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("light", JSON.readTree(answer.body()).path("hybrid").path("tier").asText(), answer.body());
        assertEquals(used + 1, lightSharedEmbeddings("used"));
    }

    private static double lightSharedEmbeddings(String outcome) throws Exception {
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(stack.lightUrl() + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines()
                .filter(l -> l.startsWith("hybrid_light_shared_embedding_total{") && l.contains("outcome=\"" + outcome + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
