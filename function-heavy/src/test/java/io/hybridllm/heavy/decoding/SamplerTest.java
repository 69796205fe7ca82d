package io.hybridllm.heavy.decoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SamplerTest {

    private static final float[] LOGITS = {0f, (float) Math.log(3), -50f};

    @Test
    void samplesInProportionToSoftmax() {
        Sampler sampler = new Sampler(1.0, 1.0, 7L);
        int ones = 0;
        for (int i = 0; i < 20_000; i++) {
            ones += sampler.next(LOGITS, 0, 3) == 1 ? 1 : 0;
        }
        double share = ones / 20_000.0;
        assertTrue(Math.abs(share - 0.75) < 0.02, "share of id 1: " + share);
    }

    @Test
    void nucleusKeepsOnlyTheTopMass() {
        Sampler sampler = new Sampler(1.0, 0.7, 7L);
        for (int i = 0; i < 1000; i++) {
            assertEquals(1, sampler.next(LOGITS, 0, 3));
        }
    }

    @Test
    void lowTemperatureSharpens() {
        Sampler sampler = new Sampler(0.1, 1.0, 7L);
        int ones = 0;
        for (int i = 0; i < 2000; i++) {
            ones += sampler.next(LOGITS, 0, 3) == 1 ? 1 : 0;
        }
        assertTrue(ones > 1990, "temperature 0.1 should almost always pick id 1: " + ones);
        assertEquals(1, new Sampler(0, 1, null).next(LOGITS, 0, 3));
    }
}
