package io.hybridllm.light.knowledge;

/**
 * The curated example question nearest to a query.
 *
 * @param intent the intent of the entry that carries the example
 * @param similarity cosine similarity between the query and the example, in [-1,1]
 */
public record ExampleMatch(String intent, double similarity) {}
