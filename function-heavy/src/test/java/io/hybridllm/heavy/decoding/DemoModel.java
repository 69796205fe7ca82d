package io.hybridllm.heavy.decoding;

import io.hybridllm.core.model.ModelLoadException;
import java.nio.file.Path;
import java.util.Optional;

/** One decoder instance shared by the plain unit tests (loading takes a moment). */
final class DemoModel {

    private static OnnxDecoderGenerator instance;

    private DemoModel() {
    }

    static synchronized OnnxDecoderGenerator get() throws ModelLoadException {
        if (instance == null) {
            instance = OnnxDecoderGenerator.load(dir(), "test-decoder", "auto", 2);
        }
        return instance;
    }

    /** The bundled model, or another export named by -Dhybrid.heavy.model-dir (with its own references). */
    static Path dir() throws ModelLoadException {
        return ModelFiles.resolve(Optional.ofNullable(System.getProperty("hybrid.heavy.model-dir")));
    }
}
