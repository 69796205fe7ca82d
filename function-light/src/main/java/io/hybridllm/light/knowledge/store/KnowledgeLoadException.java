package io.hybridllm.light.knowledge.store;

import io.hybridllm.core.model.ModelLoadException;

/**
 * The knowledge base could not be loaded: the store is unreachable, or it holds entries that are
 * not valid. The light function then stays not ready (readiness DOWN, 503) rather than serve a
 * knowledge base with some answers silently missing.
 */
public class KnowledgeLoadException extends ModelLoadException {

    public KnowledgeLoadException(String message) {
        super(message);
    }

    public KnowledgeLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
