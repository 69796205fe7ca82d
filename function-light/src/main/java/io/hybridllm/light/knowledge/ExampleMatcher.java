package io.hybridllm.light.knowledge;

import io.hybridllm.core.model.InferenceException;
import io.hybridllm.core.model.TextEncoder;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Nearest-example lookup over one language's curated example questions. Immutable: a change builds
 * a new matcher that embeds only entries whose examples changed and shares the other vectors.
 * The encoder returns unit vectors, so cosine similarity is a dot product.
 */
public final class ExampleMatcher {

    /** One entry's examples and their unit vectors, in the same order. */
    private record Embedded(List<String> examples, float[][] vectors) {}

    private final TextEncoder encoder;
    /** intent → embedded examples; sorted so ties resolve the same way every time. */
    private final Map<String, Embedded> byIntent;

    private ExampleMatcher(TextEncoder encoder, Map<String, Embedded> byIntent) {
        this.encoder = encoder;
        this.byIntent = Collections.unmodifiableMap(byIntent);
    }

    /** Embeds the examples of every entry given (all of one language). */
    public static ExampleMatcher build(TextEncoder encoder, Collection<KnowledgeEntry> entries)
            throws InferenceException {
        return new ExampleMatcher(encoder, Map.of()).syncedTo(entries);
    }

    /**
     * A matcher for exactly {@code entries} (all of one language), reusing the vectors of entries
     * whose examples are unchanged.
     */
    public ExampleMatcher syncedTo(Collection<KnowledgeEntry> entries) throws InferenceException {
        Map<String, Embedded> next = new TreeMap<>();
        for (KnowledgeEntry entry : entries) {
            Embedded embedded = embed(entry);
            if (embedded != null) {
                next.put(entry.intent(), embedded);
            }
        }
        return new ExampleMatcher(encoder, next);
    }

    /** This matcher with {@code entry}'s examples (re)embedded; the other entries are untouched. */
    public ExampleMatcher with(KnowledgeEntry entry) throws InferenceException {
        Map<String, Embedded> next = new TreeMap<>(byIntent);
        Embedded embedded = embed(entry);
        if (embedded == null) {
            next.remove(entry.intent());
        } else {
            next.put(entry.intent(), embedded);
        }
        return new ExampleMatcher(encoder, next);
    }

    /** This matcher without {@code intent}'s examples. */
    public ExampleMatcher without(String intent) {
        if (!byIntent.containsKey(intent)) {
            return this;
        }
        Map<String, Embedded> next = new TreeMap<>(byIntent);
        next.remove(intent);
        return new ExampleMatcher(encoder, next);
    }

    /** Vectors for the entry's examples: reused when unchanged, null when it has none. */
    private Embedded embed(KnowledgeEntry entry) throws InferenceException {
        if (entry.examples().isEmpty()) {
            return null;
        }
        Embedded known = byIntent.get(entry.intent());
        if (known != null && known.examples().equals(entry.examples())) {
            return known;
        }
        return new Embedded(entry.examples(), encoder.embed(entry.examples()));
    }

    /** The nearest example to a unit-length query embedding, or empty when there are no examples. */
    public Optional<ExampleMatch> nearest(float[] query) {
        String bestIntent = null;
        double best = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, Embedded> entry : byIntent.entrySet()) {
            for (float[] example : entry.getValue().vectors()) {
                double similarity = dot(query, example);
                if (similarity > best) {
                    best = similarity;
                    bestIntent = entry.getKey();
                }
            }
        }
        return bestIntent == null ? Optional.empty() : Optional.of(new ExampleMatch(bestIntent, best));
    }

    public int exampleCount() {
        return byIntent.values().stream().mapToInt(e -> e.vectors().length).sum();
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
