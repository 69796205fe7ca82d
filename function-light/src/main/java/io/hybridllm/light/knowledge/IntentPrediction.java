package io.hybridllm.light.knowledge;

/**
 * The classifier's best guess for one query.
 *
 * @param intent the most probable answerable intent (never {@link IntentHead#OUT_OF_SCOPE})
 * @param confidence its softmax probability, in [0,1]
 * @param outOfScope true when the head's out-of-scope class is more probable than any intent
 */
public record IntentPrediction(String intent, double confidence, boolean outOfScope) {

    public IntentPrediction(String intent, double confidence) {
        this(intent, confidence, false);
    }
}
