package io.hybridllm.router.scoring;

import io.hybridllm.core.routing.ComplexityScorer;
import io.hybridllm.core.routing.FeatureComplexityScorer;
import io.quarkus.arc.DefaultBean;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;

/**
 * Supplies the complexity scorer. It is a {@link DefaultBean}, so a learned scorer declared as
 * any other {@code ComplexityScorer} bean replaces the hand-weighted one without touching routing.
 */
public class ScorerProducer {

    @Produces
    @Singleton
    @DefaultBean
    ComplexityScorer featureScorer() {
        return new FeatureComplexityScorer();
    }
}
