package io.hybridllm.heavy.scheduling;

import java.util.Set;

/**
 * One sequence to decode: prompt token ids, how many new tokens at most, how to sample, and which
 * ids end it. Stop strings are not here: they need text, which the consumer decodes on its own
 * thread (see {@link BatchingGenerator}), and it cancels the sequence when one appears.
 *
 * @param temperature 0 for greedy
 * @param seed makes sampling reproducible; null draws a random stream
 * @param eosIds ids that end the sequence; empty runs it to {@code maxNewTokens} (vLLM's
 *               {@code ignore_eos}, for benchmarks and tests that need a known length)
 */
public record SequenceRequest(long[] prompt, int maxNewTokens, double temperature, double topP, Long seed,
                              Set<Long> eosIds) {

    public SequenceRequest {
        if (prompt.length == 0 || maxNewTokens < 1) {
            throw new IllegalArgumentException("a sequence needs a prompt and at least one new token");
        }
        eosIds = Set.copyOf(eosIds);
    }
}
