package io.hybridllm.heavy.decoding;

import io.hybridllm.core.model.ModelLoadException;
import io.hybridllm.heavy.scheduling.BatchScheduler;
import io.hybridllm.heavy.scheduling.BatchingGenerator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** One decoder (and one batching generator over it) shared by the plain unit tests. */
public final class DemoModel {

    private static OnnxDecoder decoder;
    private static BatchingGenerator generator;

    private DemoModel() {
    }

    public static synchronized OnnxDecoder decoder() throws ModelLoadException {
        if (decoder == null) {
            decoder = OnnxDecoder.load(dir(), "cpu", 2);
        }
        return decoder;
    }

    /** Up to 16 sequences per batch, 64 queued. */
    public static synchronized BatchingGenerator generator() throws ModelLoadException {
        if (generator == null) {
            generator = new BatchingGenerator(decoder(), "test-decoder", false,
                    new BatchScheduler.Settings(16, 64, 2048, Duration.ofSeconds(60), 1, 503), size -> { });
        }
        return generator;
    }

    /** The bundled model, or another export named by -Dhybrid.heavy.model-dir (with its own references). */
    public static Path dir() throws ModelLoadException {
        return ModelFiles.resolve(Optional.ofNullable(System.getProperty("hybrid.heavy.model-dir")));
    }
}
