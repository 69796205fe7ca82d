package io.hybridllm.core.model;

/** Receives text as a generator decodes it; returning false cancels the generation. */
@FunctionalInterface
public interface TokenSink {

    TokenSink IGNORE = text -> true;

    boolean accept(String textDelta);
}
