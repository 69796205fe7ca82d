package io.hybridllm.heavy.serving;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the decoder (or the upstream client) is loaded. */
@Readiness
@ApplicationScoped
public class ModelReadinessCheck implements HealthCheck {

    @Inject
    HeavyModel model;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("heavy-model")
                .status(model.ready())
                .withData("model", model.modelId())
                .withData("version", model.version())
                .withData("error", model.ready() ? "" : String.valueOf(model.failure()))
                .build();
    }
}
