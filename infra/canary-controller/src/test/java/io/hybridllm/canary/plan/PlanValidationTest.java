package io.hybridllm.canary.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridllm.canary.alias.AliasState;
import io.hybridllm.canary.failures.AliasStateException;
import io.hybridllm.canary.failures.InvalidInputException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlanValidationTest {

    static final HealthBounds BOUNDS = new HealthBounds(0.01, 500, "p99", 20, List.of());

    static RolloutRequest request(String function, String canary, List<Double> weights) {
        return new RolloutRequest(function, Optional.empty(), canary, Optional.empty(), weights, Duration.ofMinutes(5),
                2, BOUNDS);
    }

    static InvalidInputException invalid(RolloutRequest request) {
        return assertThrows(InvalidInputException.class, () -> PlanValidation.plan(request));
    }

    @Test
    void theDefaultRolloutIsValid() throws Exception {
        RolloutPlan plan = PlanValidation.plan(request("hybrid-llm-router", "8", List.of(0.05, 0.25, 1.0)));
        assertEquals("live", plan.alias());
        assertEquals(List.of(0.05, 0.25, 1.0), plan.weights());
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.1, 1.5, 7.5, Double.NaN})
    void weightsOutsideZeroToOneAreRefused(double weight) {
        InvalidInputException e = invalid(request("f", "2", List.of(weight, 1.0)));
        assertTrue(e.problems().stream().anyMatch(p -> p.contains("outside [0,1]")), e.getMessage());
    }

    @Test
    void weightsMustIncreaseStartAboveZeroAndEndAtOne() {
        assertTrue(invalid(request("f", "2", List.of(0.25, 0.05, 1.0))).getMessage().contains("must increase"));
        assertTrue(invalid(request("f", "2", List.of(0.0, 1.0))).getMessage().contains("weight 0"));
        assertTrue(invalid(request("f", "2", List.of(0.05, 0.25))).getMessage().contains("last weight must be 1"));
        assertTrue(invalid(request("f", "2", List.of(1.0))).getMessage().contains("not a canary"));
        assertTrue(invalid(request("f", "2", List.of())).getMessage().contains("at least one weight"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"$LATEST", "0", "-1", "abc", "1.5", ""})
    void onlyPublishedVersionNumbersAreCanaries(String version) {
        assertTrue(invalid(request("f", version, List.of(0.05, 1.0))).getMessage().contains("not a published version"));
    }

    @Test
    void canaryEqualToTheExpectedPrimaryIsRefused() {
        RolloutRequest r = new RolloutRequest("f", Optional.empty(), "3", Optional.of("3"), List.of(0.05, 1.0),
                Duration.ZERO, 0, BOUNDS);
        assertTrue(invalid(r).getMessage().contains("is the primary version"));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        RolloutRequest r = new RolloutRequest("not a name!", Optional.of("live"), "$LATEST", Optional.empty(),
                List.of(1.5, 0.5), Duration.ofSeconds(-1), -1,
                new HealthBounds(2.0, 0, "p1000", -1, List.of(" ")));
        InvalidInputException e = invalid(r);
        assertEquals(12, e.problems().size(), String.join("\n", e.problems()));
    }

    @Test
    void anAliasArnNamesFunctionAndAlias() throws Exception {
        RolloutPlan plan = PlanValidation.plan(new RolloutRequest(
                "arn:aws:lambda:eu-west-1:123456789012:function:hybrid-llm-light:blue", Optional.empty(), "4",
                Optional.empty(), List.of(0.05, 1.0), Duration.ZERO, 0, BOUNDS));
        assertEquals("hybrid-llm-light", plan.functionName());
        assertEquals("blue", plan.alias());
        RolloutRequest clash = new RolloutRequest("arn:aws:lambda:eu-west-1:123456789012:function:f:blue",
                Optional.of("live"), "4", Optional.empty(), List.of(0.05, 1.0), Duration.ZERO, 0, BOUNDS);
        assertTrue(invalid(clash).getMessage().contains("but --alias says live"));
    }

    @Test
    void latencyStatisticsArePercentilesOrPlainStatistics() throws Exception {
        for (String ok : List.of("p50", "p99", "p99.9", "p100", "Average", "Maximum")) {
            PlanValidation.plan(new RolloutRequest("f", Optional.empty(), "2", Optional.empty(), List.of(0.05, 1.0),
                    Duration.ZERO, 0, new HealthBounds(0.01, 100, ok, 0, List.of())));
        }
        for (String bad : List.of("p", "p101", "Sum", "SampleCount", "avg")) {
            assertThrows(InvalidInputException.class, () -> PlanValidation.plan(new RolloutRequest("f",
                    Optional.empty(), "2", Optional.empty(), List.of(0.05, 1.0), Duration.ZERO, 0,
                    new HealthBounds(0.01, 100, bad, 0, List.of()))), bad);
        }
    }

    // ---- against the alias as it is

    static RolloutPlan plan(String canary) throws InvalidInputException {
        return PlanValidation.plan(request("f", canary, List.of(0.05, 0.25, 1.0)));
    }

    static AliasState alias(String primary, String canary, double weight) {
        return new AliasState("f", "live", primary, Optional.ofNullable(canary), weight, "rev-1");
    }

    @Test
    void theCanaryMustBePublishedAndNotThePrimary() throws Exception {
        InvalidInputException unpublished = assertThrows(InvalidInputException.class,
                () -> PlanValidation.against(plan("7"), alias("1", null, 0), Set.of("1", "2")));
        assertTrue(unpublished.getMessage().contains("not a published version of f"), unpublished.getMessage());
        InvalidInputException same = assertThrows(InvalidInputException.class,
                () -> PlanValidation.against(plan("1"), alias("1", null, 0), Set.of("1", "2")));
        assertTrue(same.getMessage().contains("already the primary"), same.getMessage());
        InvalidInputException latest = assertThrows(InvalidInputException.class,
                () -> PlanValidation.against(plan("2"), alias("$LATEST", null, 0), Set.of("1", "2")));
        assertTrue(latest.getMessage().contains("not a published version; weighted routing"), latest.getMessage());
        PlanValidation.against(plan("2"), alias("1", null, 0), Set.of("1", "2"));
    }

    @Test
    void anAliasRoutingToAnotherCanaryIsNotTakenOver() throws Exception {
        assertThrows(AliasStateException.class,
                () -> PlanValidation.against(plan("3"), alias("1", "2", 0.05), Set.of("1", "2", "3")));
        // the same canary: a resumed rollout
        PlanValidation.against(plan("2"), alias("1", "2", 0.05), Set.of("1", "2"));
    }

    @Test
    void anUnexpectedPrimaryStopsTheRollout() throws Exception {
        RolloutPlan expecting5 = PlanValidation.plan(new RolloutRequest("f", Optional.empty(), "6", Optional.of("5"),
                List.of(0.05, 1.0), Duration.ZERO, 0, BOUNDS));
        assertThrows(AliasStateException.class,
                () -> PlanValidation.against(expecting5, alias("4", null, 0), Set.of("4", "5", "6")));
    }

    @Test
    void eachSentWeightIsCheckedAgain() throws Exception {
        PlanValidation.weight(0.05);
        PlanValidation.weight(1.0);
        assertThrows(InvalidInputException.class, () -> PlanValidation.weight(1.0001));
        assertThrows(InvalidInputException.class, () -> PlanValidation.weight(-0.0001));
        assertThrows(InvalidInputException.class, () -> PlanValidation.weight(0.0));
    }
}
