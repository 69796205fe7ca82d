package io.hybridllm.heavy.decoding;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;

/**
 * A batch's KV cache as ONNX Runtime tensors {@code [rows, kvHeads, width, headDim]}, one per
 * {@code past_key_values.*} input. Rows are left-padded: row {@code r}'s tokens fill its last
 * {@code lengths[r]} columns, and the columns before are masked out by the attention mask.
 *
 * <p>Either the {@code present.*} outputs of the last decoding step (kept inside their
 * {@link OrtSession.Result}, so they are fed back without a copy) or tensors over buffers this
 * class owns (after a regroup, when they had to be copied anyway).
 */
final class OnnxKvCache implements KvCache {

    private final OrtSession.Result owner;
    final OnnxTensor[] tensors;
    final int[] lengths;
    final int width;
    private boolean closed;

    OnnxKvCache(OrtSession.Result owner, OnnxTensor[] tensors, int[] lengths, int width) {
        this.owner = owner;
        this.tensors = tensors;
        this.lengths = lengths;
        this.width = width;
    }

    @Override
    public int rows() {
        return lengths.length;
    }

    @Override
    public int length(int row) {
        return lengths[row];
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (owner != null) {
            owner.close();
        } else {
            for (OnnxTensor tensor : tensors) {
                if (tensor != null) {
                    tensor.close();
                }
            }
        }
    }
}
