package io.hybridllm.router.scoring;

import io.hybridllm.core.model.ModelLoadException;
import io.hybridllm.core.model.ModelResources;
import io.hybridllm.core.routing.ComplexityScorer;
import io.hybridllm.core.routing.FeatureComplexityScorer;
import io.hybridllm.router.config.RouterConfig;
import io.hybridllm.router.embedding.SentenceEncoder;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Supplies the complexity scorer that {@code hybrid.router.scorer} names: the learned head (default) or
 * the hand-weighted features. The learned head names its encoder, which is loaded to match; a head that
 * does not match the encoder on the classpath stops start-up rather than scoring with the wrong vectors.
 */
public class ScorerProducer {

    private static final Logger LOG = Logger.getLogger(ScorerProducer.class);

    @Produces
    @Singleton
    @DefaultBean
    ComplexityScorer scorer(RouterConfig config, SentenceEncoderHolder encoder) {
        if (config.scorer() == RouterConfig.Scorer.FEATURES) {
            return new FeatureComplexityScorer();
        }
        LearnedHead head = encoder.head();
        return new LearnedComplexityScorer(head, LearnedComplexityScorer.sharing(encoder.encoder()));
    }

    /** The learned head and its encoder, loaded once and closed at shutdown. */
    public record SentenceEncoderHolder(LearnedHead head, SentenceEncoder encoder) {}

    @Produces
    @Singleton
    SentenceEncoderHolder encoder(RouterConfig config) {
        if (config.scorer() == RouterConfig.Scorer.FEATURES) {
            return new SentenceEncoderHolder(null, null);
        }
        try {
            LearnedHead head = config.scoring().head().isPresent()
                    ? LearnedHead.read(Path.of(config.scoring().head().get())) : LearnedHead.bundled();
            long started = System.nanoTime();
            SentenceEncoder encoder = SentenceEncoder.forVersion(head.encoder(), config.scoring().threads());
            LOG.infof("learned scorer: %s, loaded in %d ms from %s", head.encoder(),
                    (System.nanoTime() - started) / 1_000_000, ModelResources.source());
            return new SentenceEncoderHolder(head, encoder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the learned scorer's head: " + e.getMessage(), e);
        } catch (ModelLoadException e) {
            throw new IllegalStateException("cannot load the learned scorer's encoder: " + e.getMessage(), e);
        }
    }

    void close(@Disposes SentenceEncoderHolder holder) {
        if (holder.encoder() != null) {
            holder.encoder().close();
        }
    }
}
