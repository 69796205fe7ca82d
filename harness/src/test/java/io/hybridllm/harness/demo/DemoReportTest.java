package io.hybridllm.harness.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hybridllm.harness.traffic.TrafficItem;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoReportTest {

    private static final TrafficItem CARD = new TrafficItem("banking77", "where is my card", "card_arrival");
    private static final TrafficItem MATHS = new TrafficItem("gsm8k", "2+2?", null);

    @Test
    void countsTiersLightAccuracyAndAvoidedHeavyCalls() {
        List<Outcome> outcomes = List.of(
                new Outcome(CARD, 200, "light", "miss", "card_arrival", "score_below_threshold", false, 5, 0.5),
                new Outcome(CARD, 200, "light", "miss", "lost_or_stolen_card", "score_below_threshold", false, 7, 0.5),
                new Outcome(CARD, 200, "cache", "hit", "card_arrival", "cache_hit", false, 1, 0.5),
                new Outcome(CARD, 200, "heavy", "miss", null, "light_abstained", false, 300, 0.5),
                new Outcome(MATHS, 200, "heavy", "miss", null, "score_at_or_above_threshold", false, 200, 0.5),
                new Outcome(MATHS, 503, null, null, null, null, false, 2, 0.5),
                new Outcome(MATHS, 200, "light", "miss", "card_arrival", "score_below_threshold", false, 4, 0.5));
        DemoReport report = new DemoReport(outcomes, 2.0, 1, "test");
        ObjectNode json = report.toJson(new ObjectMapper());
        assertEquals(7, json.path("requests").asInt());
        assertEquals(1, json.at("/tiers/cache").asInt());
        assertEquals(3, json.at("/tiers/light").asInt());
        assertEquals(2, json.at("/tiers/heavy").asInt());
        assertEquals(2, json.at("/light/answered").asInt());
        assertEquals(1, json.at("/light/correct").asInt());
        assertEquals(1, json.path("escalations").asInt());
        assertEquals(1, json.path("errors").asInt());
        assertEquals(4, json.path("heavyCallsAvoided").asInt(), "the failed request saved nothing");
        assertEquals(3, json.at("/banking77/answeredByCacheOrLight").asInt());
        assertEquals(4, json.at("/banking77/queries").asInt());
        assertEquals(300.0, json.at("/latencyMs/heavy/p99").asDouble());
        assertEquals(200.0, json.at("/latencyMs/heavy/p50").asDouble());
        assertEquals(0.5, json.at("/routerOwnMs/p50").asDouble());
        assertEquals(1, json.at("/light/answeredNonBanking").asInt());
        assertEquals(3, json.at("/light/nonBankingQueries").asInt());
        assertEquals(2, json.at("/banking77/firstTimeAnsweredByLight").asInt());
        assertTrue(report.toText().contains("calls avoided"));
    }
}
