package io.hybridllm.router.routing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** A small calibration sample, read often, and a heavy tier that counts as overloaded at 2 calls in flight. */
public class RoutingControlsProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "hybrid.router.calibration.min-sample", "5",
                "hybrid.router.calibration.refresh", "50ms",
                "hybrid.router.load.high-in-flight", "2",
                "hybrid.router.load.low-in-flight", "0",
                "hybrid.router.load.high-latency", "1h",
                "hybrid.router.load.low-latency", "1h",
                "hybrid.router.load.shift-margin", "0.65");
    }

    @Override
    public String getConfigProfile() {
        return "test";
    }
}
