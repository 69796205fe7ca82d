package io.hybridllm.light.serving;

import io.hybridllm.light.knowledge.KnowledgeEntry;
import java.util.List;

/**
 * {@code GET /admin/knowledge}: every entry at one knowledge version.
 *
 * @param object always {@code knowledge}
 */
public record KnowledgeListing(String object, long version, List<KnowledgeEntry> entries) {

    public static KnowledgeListing of(long version, List<KnowledgeEntry> entries) {
        return new KnowledgeListing("knowledge", version, entries);
    }
}
