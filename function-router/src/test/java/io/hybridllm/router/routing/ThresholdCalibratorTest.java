package io.hybridllm.router.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ThresholdCalibratorTest {

    private static InProcessScoreSample sampleOfTenths() {
        InProcessScoreSample sample = new InProcessScoreSample(100);
        for (int i = 0; i < 10; i++) {
            sample.record(i / 10.0); // 0.0, 0.1, ..., 0.9
        }
        return sample;
    }

    @Test
    void aTargetShareBecomesTheScoreThatShareOfTrafficReaches() {
        ThresholdCalibrator calibrator = new ThresholdCalibrator(sampleOfTenths(), 0.5, OptionalDouble.of(0.3), 5);
        ThresholdCalibrator.Choice choice = calibrator.choose(OptionalDouble.empty());
        // The three highest of ten scores (0.7, 0.8, 0.9) reach 0.7.
        assertEquals(0.7, choice.threshold(), 1e-12);
        assertTrue(choice.calibrated());
        assertEquals(10, choice.sampleSize());
    }

    @Test
    void aRequestsOwnShareWinsOverTheConfiguredOne() {
        ThresholdCalibrator calibrator = new ThresholdCalibrator(sampleOfTenths(), 0.5, OptionalDouble.of(0.3), 5);
        assertEquals(0.9, calibrator.choose(OptionalDouble.of(0.1)).threshold(), 1e-12);
        assertEquals(0.0, calibrator.choose(OptionalDouble.of(1.0)).threshold(), 1e-12);
        // Share 0: above the highest sampled score, so none of the sample would go heavy.
        assertTrue(calibrator.choose(OptionalDouble.of(0.0)).threshold() > 0.9);
    }

    @Test
    void withoutATargetOrWithTooSmallASampleTheFixedThresholdApplies() {
        assertEquals(0.5, new ThresholdCalibrator(sampleOfTenths(), 0.5, OptionalDouble.empty(), 5)
                .choose(OptionalDouble.empty()).threshold(), 1e-12);
        ThresholdCalibrator.Choice small = new ThresholdCalibrator(sampleOfTenths(), 0.5, OptionalDouble.of(0.3), 11)
                .choose(OptionalDouble.empty());
        assertEquals(0.5, small.threshold(), 1e-12);
        assertFalse(small.calibrated());
    }

    @Test
    void theSampleKeepsOnlyTheMostRecentScores() {
        InProcessScoreSample sample = new InProcessScoreSample(3);
        for (double s : new double[] {0.9, 0.8, 0.1, 0.2, 0.3}) {
            sample.record(s);
        }
        assertEquals(3, sample.sorted().length);
        assertEquals(0.3, sample.sorted()[2], 1e-12);
    }

    @Test
    void sharesOutsideZeroToOneAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ThresholdCalibrator.checkedShare(30));
        assertThrows(IllegalArgumentException.class, () -> ThresholdCalibrator.checkedShare(Double.NaN));
    }
}
