package io.hybridllm.core.cache;

/** The cache could not be reached or answered garbage; callers bypass it rather than fail. */
public class CacheUnavailableException extends Exception {

    public CacheUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
