package io.hybridllm.light.serving;

import io.hybridllm.light.knowledge.KnowledgeEntry;

/**
 * One entry and the knowledge version it belongs to: the answer to a GET, and to a PUT or DELETE
 * (then {@code version} is the version the change created).
 *
 * @param object {@code knowledge.entry}, or {@code knowledge.entry.deleted} after a DELETE
 */
public record KnowledgeEntryReply(String object, long version, KnowledgeEntry entry) {

    public static KnowledgeEntryReply of(long version, KnowledgeEntry entry) {
        return new KnowledgeEntryReply("knowledge.entry", version, entry);
    }

    public static KnowledgeEntryReply deleted(long version, KnowledgeEntry entry) {
        return new KnowledgeEntryReply("knowledge.entry.deleted", version, entry);
    }
}
