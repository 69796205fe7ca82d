package io.hybridllm.light.knowledge.store;

/** The store could not be reached or did not answer; the change, if any, was not applied. */
public class KnowledgeStoreException extends RuntimeException {

    public KnowledgeStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
