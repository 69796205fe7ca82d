package io.hybridllm.light.knowledge.store;

import io.hybridllm.light.knowledge.KnowledgeEntry;
import io.hybridllm.light.knowledge.KnowledgeSnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Knowledge kept in this process only, used when no Redis is configured: changes are lost on
 * restart (the bundled answers come back) and are not seen by other instances.
 */
public final class InProcessKnowledgeStore implements KnowledgeStore {

    private final Map<String, KnowledgeEntry> entries = new LinkedHashMap<>();
    private long version;

    @Override
    public synchronized KnowledgeSnapshot loadOrSeed(Supplier<List<KnowledgeEntry>> seed) {
        if (version == 0) {
            seed.get().forEach(entry -> entries.put(entry.key(), entry));
            version = 1;
        }
        return new KnowledgeSnapshot(version, entries.values());
    }

    @Override
    public synchronized long version() {
        return version;
    }

    @Override
    public synchronized long put(KnowledgeEntry entry) {
        entries.put(entry.key(), entry);
        return ++version;
    }

    @Override
    public synchronized OptionalLong delete(String language, String intent) {
        return entries.remove(KnowledgeEntry.key(language, intent)) == null ? OptionalLong.empty()
                : OptionalLong.of(++version);
    }

    @Override
    public String description() {
        return "in-process (changes are lost on restart and not shared between instances)";
    }
}
