package io.hybridllm.core.model;

/** A loaded model failed while running. */
public class InferenceException extends ModelException {

    public InferenceException(String message) {
        super(message);
    }

    public InferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
