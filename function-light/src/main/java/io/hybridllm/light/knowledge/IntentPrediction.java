package io.hybridllm.light.knowledge;

/**
 * The classifier's best guess for one query.
 *
 * @param intent the most probable intent
 * @param confidence its softmax probability, in [0,1]
 */
public record IntentPrediction(String intent, double confidence) {}
