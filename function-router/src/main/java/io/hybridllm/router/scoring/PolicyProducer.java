package io.hybridllm.router.scoring;

import io.hybridllm.core.routing.RoutingPolicy;
import io.hybridllm.router.config.RouterConfig;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;

/** The core routing policy with the configured threshold; it alone compares scores with it. */
public class PolicyProducer {

    @Produces
    @Singleton
    RoutingPolicy policy(RouterConfig config) {
        return new RoutingPolicy(config.threshold());
    }
}
