package io.hybridllm.heavy.decoding;

import io.hybridllm.core.model.InferenceException;
import java.util.List;

/**
 * The model operations a continuous-batching scheduler needs: prefill new sequences, run one
 * decoding step for every row of a batch, and regroup rows (sequences that joined or left) into
 * a new batch. Implemented by {@link OnnxDecoder}; the scheduler never sees tensors.
 */
public interface BatchDecoder {

    /** Logits per row, for the next token of each sequence. */
    record Step(KvCache cache, float[][] logits) {}

    /** One row of a cache, for {@link #gather}. */
    record Row(KvCache cache, int index) {}

    int vocabSize();

    /**
     * Runs prompts as new rows with an empty cache (one forward pass, left-padded to the longest).
     * The returned cache holds every prompt token; the logits are those after each prompt's last token.
     */
    Step prefill(List<long[]> prompts) throws InferenceException;

    /**
     * Feeds one token per row and returns the logits after it. Consumes {@code cache}: it must not
     * be used (or closed) afterwards; the returned step's cache replaces it.
     */
    Step decode(KvCache cache, long[] tokens) throws InferenceException;

    /**
     * A cache holding the given rows, in this order. The sources stay valid and owned by the
     * caller; the result may be one of them when the rows are exactly that cache's rows.
     */
    KvCache gather(List<Row> rows) throws InferenceException;
}
