package io.hybridllm.heavy.decoding;

/**
 * The key/value cache of a batch of sequences, one row per sequence. Opaque to the scheduler:
 * only the decoder that made it reads it.
 */
public interface KvCache extends AutoCloseable {

    int rows();

    /** Tokens of row {@code row} held in the cache (its prompt plus the tokens fed so far). */
    int length(int row);

    @Override
    void close();
}
