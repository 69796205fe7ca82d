package io.hybridllm.core.cache;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the cache keeps of an answer: enough to replay it, and to say which tier first made it.
 *
 * @param content the assistant's text
 * @param tier the tier that produced it (light or heavy)
 * @param model the model name reported to the client
 * @param intent the light tier's intent, when it answered
 * @param finishReason the original finish reason
 * @param createdEpochMs when it was first answered
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CachedAnswer(String content, String tier, String model, String intent, String finishReason,
                           long createdEpochMs) {}
