package io.hybridllm.router.routing;

import io.hybridllm.router.config.RouterConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The per-request threshold's two inputs: the traffic sample, which lives where the cache lives (Redis
 * when configured, else this instance's memory), and the heavy tier's load as this router sees it.
 */
public class RoutingProducer {

    @Produces
    @Singleton
    ThresholdCalibrator calibrator(RouterConfig config, @ConfigProperty(name = "quarkus.redis.hosts") Optional<String> hosts,
                                   Instance<ReactiveRedisDataSource> redis) {
        RouterConfig.Calibration c = config.calibration();
        ScoreSample sample = hosts.isPresent() && !hosts.get().isBlank()
                ? new RedisScoreSample(redis.get(), c.key(), c.sampleSize(), c.refresh())
                : new InProcessScoreSample(c.sampleSize());
        return ThresholdCalibrator.of(sample, config);
    }

    @Produces
    @Singleton
    HeavyLoadGuard loadGuard(RouterConfig config) {
        return new HeavyLoadGuard(config.load());
    }
}
