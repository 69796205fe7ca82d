package io.hybridllm.core.model;

import java.util.List;

/**
 * Sampling settings for one generation.
 *
 * @param temperature 0 means greedy decoding
 * @param topP nucleus sampling mass in (0,1]
 * @param maxTokens most new tokens to generate
 * @param stop strings that end the generation (not included in the output)
 * @param seed makes sampling reproducible when set
 */
public record GenerationParams(double temperature, double topP, int maxTokens, List<String> stop, Long seed) {

    public GenerationParams {
        stop = stop == null ? List.of() : List.copyOf(stop);
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1");
        }
    }

    public static GenerationParams greedy(int maxTokens) {
        return new GenerationParams(0.0, 1.0, maxTokens, List.of(), null);
    }
}
