package io.hybridllm.core.model;

import java.util.List;

/** A sentence encoder: texts in, one L2-normalised vector per text out. */
public interface TextEncoder extends AutoCloseable {

    float[][] embed(List<String> texts) throws InferenceException;

    int dimension();

    /** Identifies the weights, so that caches and classifiers can tell models apart. */
    String version();

    @Override
    void close();
}
