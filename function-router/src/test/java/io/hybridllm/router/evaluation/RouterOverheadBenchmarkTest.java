package io.hybridllm.router.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hybridllm.router.doubles.TestWorld;
import io.hybridllm.router.doubles.TiersAndRedisResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Runs {@link RouterOverheadBenchmark} against a test router whose tiers are instant doubles and
 * whose cache is a real redis-server. Off by default (it measures, it does not check behaviour):
 * {@code ./mvnw -B -o -pl function-router verify -Dtest=RouterOverheadBenchmarkTest -Dhybrid.benchmark=true}
 */
@QuarkusTest
@WithTestResource(TiersAndRedisResource.class)
@EnabledIfSystemProperty(named = "hybrid.benchmark", matches = "true")
class RouterOverheadBenchmarkTest {

    @Test
    void measure() throws Exception {
        TestWorld.reset();
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        List<RouterOverheadBenchmark.Result> results =
                new RouterOverheadBenchmark("http://127.0.0.1:" + port).run(500, 2000, 1000);
        results.forEach(r -> System.out.println("BENCHMARK " + r));
        assertEquals(2, results.size());
    }
}
