package io.hybridllm.core.model;

/** A model's files are missing, unreadable or not what the runtime expects. */
public class ModelLoadException extends ModelException {

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
