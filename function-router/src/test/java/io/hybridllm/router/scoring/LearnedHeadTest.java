package io.hybridllm.router.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LearnedHeadTest {

    private static LearnedHead head(double[] reference) {
        return new LearnedHead(LearnedHead.FORMAT, "enc@1/max8", TextFeatures.VERSION, TextFeatures.NAMES,
                new double[2 + TextFeatures.size()], 0, reference, Map.of());
    }

    @Test
    void aScoreIsTheShareOfReferenceLogitsBelowIt() {
        LearnedHead head = head(new double[] {-2, -1, 0, 1, 2});
        assertEquals(0.0, head.score(-5), 1e-12);
        assertEquals(0.5, head.score(0), 1e-12);
        assertEquals(0.625, head.score(0.5), 1e-12);
        assertEquals(1.0, head.score(9), 1e-12);
    }

    @Test
    void theLogitIsTheWeightedSumOfEmbeddingAndFeatures() {
        double[] weights = new double[2 + TextFeatures.size()];
        weights[0] = 2;
        weights[2] = 0.5; // first text feature, log_chars
        LearnedHead head = new LearnedHead(LearnedHead.FORMAT, "enc@1/max8", TextFeatures.VERSION, TextFeatures.NAMES,
                weights, 1, new double[] {0, 1}, Map.of());
        double[] features = TextFeatures.of("abc");
        assertEquals(1 + 2 * 0.25 + 0.5 * Math.log1p(3), head.logit(new float[] {0.25f, 0.9f}, features), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> head.logit(new float[3], features));
    }

    @Test
    void aHeadTrainedOnOtherFeaturesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LearnedHead(LearnedHead.FORMAT, "enc@1/max8",
                "text-features-v0", List.of("x"), new double[3], 0, new double[] {0, 1}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> head(new double[] {1, 0}));
    }
}
