package io.hybridllm.harness.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingCurveTest {

    // Weak right on 2 of 4, strong on 3 of 4; only the first prompt needs the strong model.
    private static final List<RoutingPrompt> PROMPTS = List.of(
            new RoutingPrompt("needs strong", "g", false, true),
            new RoutingPrompt("both right", "g", true, true),
            new RoutingPrompt("both wrong", "g", false, false),
            new RoutingPrompt("both right too", "g", true, true));

    @Test
    void aRouterThatRanksTheNeededPromptFirstReachesFullGainAtOneQuarter() {
        RoutingCurve curve = new RoutingCurve(PROMPTS, new double[] {0.9, 0.8, 0.2, 0.1});
        assertEquals(0.5, curve.weakAccuracy(), 1e-12);
        assertEquals(0.75, curve.strongAccuracy(), 1e-12);
        assertEquals(5, curve.points().size());
        assertEquals(1.0, curve.points().get(1).pgr(), 1e-12);
        RoutingCurve.Metrics m = curve.metrics();
        // Area: 0.25 * (0 + 1) / 2 + 0.75 * 1.
        assertEquals(0.875, m.apgr(), 1e-12);
        assertEquals(0.25, m.cpt50(), 1e-12);
        assertEquals(0.25, m.cpt80(), 1e-12);
    }

    @Test
    void aRouterThatRanksTheNeededPromptLastOnlyGainsAtFullHeavyShare() {
        RoutingCurve curve = new RoutingCurve(PROMPTS, new double[] {0.1, 0.8, 0.7, 0.6});
        RoutingCurve.Metrics m = curve.metrics();
        assertEquals(1.0, m.cpt50(), 1e-12);
        assertEquals(0.125, m.apgr(), 1e-12);
    }

    @Test
    void equalScoresMoveTogether() {
        RoutingCurve curve = new RoutingCurve(PROMPTS, new double[] {0.5, 0.5, 0.5, 0.5});
        assertEquals(2, curve.points().size());
        assertEquals(0.5, curve.metrics().apgr(), 1e-12);
        assertEquals(1.0, curve.metrics().cpt50(), 1e-12);
    }

    @Test
    void theOptimumSpendsHeavyCallsOnlyOnPromptsThatNeedThem() {
        RoutingCurve curve = new RoutingCurve(PROMPTS, new double[] {0.1, 0.2, 0.3, 0.4});
        RoutingCurve.Metrics optimal = curve.optimal();
        assertEquals(0.25, curve.heavyNeededShare(), 1e-12);
        assertEquals(0.125, optimal.cpt50(), 1e-12);
        assertEquals(0.875, optimal.apgr(), 1e-12);
        assertEquals(0.75, curve.optimalQuality(0.5), 1e-12);
    }

    @Test
    void routeLlmsQuantileGridInterpolatesCpt() {
        RoutingCurve curve = new RoutingCurve(PROMPTS, new double[] {0.9, 0.8, 0.2, 0.1});
        // Edges at quantiles 0 and 1 of {0.1, 0.2, 0.8, 0.9}: 100 % heavy (quality 0.75) and 0 % heavy.
        RoutingCurve.Metrics grid = curve.routeLlmGrid(1);
        assertEquals(0.5, grid.apgr(), 1e-12);
        assertEquals(0.5, grid.cpt50(), 1e-12);
    }

    @Test
    void refusesDataWhereTheStrongModelIsNotStronger() {
        List<RoutingPrompt> flat = List.of(new RoutingPrompt("a", "g", true, true), new RoutingPrompt("b", "g", false, false));
        assertThrows(IllegalArgumentException.class, () -> new RoutingCurve(flat, new double[] {0.1, 0.2}));
    }
}
