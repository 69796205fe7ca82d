package io.hybridllm.light.serving;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only once the encoder, head and answers have loaded. */
@Readiness
@ApplicationScoped
public class ModelReadinessCheck implements HealthCheck {

    private final LightModels models;

    public ModelReadinessCheck(LightModels models) {
        this.models = models;
    }

    @Override
    public HealthCheckResponse call() {
        LightModels.Loaded loaded = models.current();
        if (loaded == null) {
            return HealthCheckResponse.named("light-model").down().withData("error", String.valueOf(models.failure()))
                    .build();
        }
        var response = HealthCheckResponse.named("light-model").up().withData("version", models.version())
                .withData("threshold", Double.toString(loaded.threshold()));
        LightModels.Loaded chinese = models.chinese();
        if (chinese != null) {
            response.withData("zh-threshold", Double.toString(chinese.threshold()));
        }
        return response.build();
    }
}
