package io.hybridllm.core.model;

import io.hybridllm.core.api.ChatMessage;
import java.util.List;

/** A generative chat model: a local decoder or a remote OpenAI-compatible server. */
public interface TextGenerator extends AutoCloseable {

    /**
     * Generates the assistant's reply, passing each decoded piece of text to {@code sink} as it
     * appears. The returned text is the whole reply, stop strings removed.
     */
    Generation generate(List<ChatMessage> conversation, GenerationParams params, TokenSink sink)
            throws ModelException;

    /** Model name reported to clients. */
    String modelId();

    /** Identifies the weights (or the upstream model), so that cached answers follow model changes. */
    String version();

    @Override
    void close();
}
