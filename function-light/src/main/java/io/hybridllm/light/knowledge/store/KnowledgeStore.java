package io.hybridllm.light.knowledge.store;

import io.hybridllm.light.knowledge.KnowledgeEntry;
import io.hybridllm.light.knowledge.KnowledgeSnapshot;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Where the knowledge base lives between restarts. Every change writes the entry and increments the
 * version as one atomic step, so a reader never sees a change without its version or the reverse.
 * Callers validate entries before they get here: a store only persists valid {@link KnowledgeEntry}s.
 */
public interface KnowledgeStore {

    /**
     * Everything stored, as one consistent snapshot. A store that has never held knowledge is first
     * seeded with {@code seed} (at version 1).
     *
     * @throws KnowledgeLoadException when stored entries are corrupt or the store cannot be read
     */
    KnowledgeSnapshot loadOrSeed(Supplier<List<KnowledgeEntry>> seed) throws KnowledgeLoadException;

    /**
     * The stored version alone (cheap), so an instance can tell whether another one changed the
     * knowledge since it loaded.
     *
     * @throws KnowledgeStoreException when the store cannot be reached
     */
    long version();

    /**
     * Creates or replaces an entry.
     *
     * @return the version after the change
     * @throws KnowledgeStoreException when the store cannot be reached (nothing was written)
     */
    long put(KnowledgeEntry entry);

    /**
     * Deletes an entry.
     *
     * @return the version after the change, or empty when there was no such entry (nothing changed)
     * @throws KnowledgeStoreException when the store cannot be reached (nothing was deleted)
     */
    OptionalLong delete(String language, String intent);

    /** Where the knowledge lives, for logs and health data. */
    String description();
}
