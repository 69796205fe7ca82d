package io.hybridllm.core.model;

/**
 * The result of one generation.
 *
 * @param finishReason "stop" (end of sequence or a stop string) or "length" (max tokens reached)
 */
public record Generation(String text, int promptTokens, int completionTokens, String finishReason) {}
