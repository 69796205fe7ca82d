package io.hybridllm.core.model;

/** Base of the model exception family: something about a model went wrong. */
public class ModelException extends Exception {

    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
