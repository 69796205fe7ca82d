package io.hybridllm.light.knowledge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The whole knowledge base at one version: immutable, so a request that holds it sees one
 * consistent set of answers while a change builds the next snapshot and swaps it in.
 */
public final class KnowledgeSnapshot {

    private final long version;
    /** language → intent → entry, both levels sorted so listings and the hash are deterministic. */
    private final Map<String, Map<String, KnowledgeEntry>> entries;
    private final String contentHash;

    public KnowledgeSnapshot(long version, Collection<KnowledgeEntry> entries) {
        this.version = version;
        Map<String, Map<String, KnowledgeEntry>> byLanguage = new TreeMap<>();
        for (KnowledgeEntry entry : entries) {
            KnowledgeEntry previous = byLanguage.computeIfAbsent(entry.language(), l -> new TreeMap<>())
                    .put(entry.intent(), entry);
            if (previous != null) {
                throw new IllegalArgumentException("two entries for " + entry.key());
            }
        }
        byLanguage.replaceAll((language, intents) -> Collections.unmodifiableMap(intents));
        this.entries = Collections.unmodifiableMap(byLanguage);
        this.contentHash = hash(this.entries);
    }

    public long version() {
        return version;
    }

    /** The answer for an intent, or null when the knowledge base has none (never had, or deleted). */
    public String answer(String language, String intent) {
        return entry(language, intent).map(KnowledgeEntry::answer).orElse(null);
    }

    public Optional<KnowledgeEntry> entry(String language, String intent) {
        return Optional.ofNullable(entries.getOrDefault(language, Map.of()).get(intent));
    }

    /** One language's entries, sorted by intent. */
    public List<KnowledgeEntry> entries(String language) {
        return List.copyOf(entries.getOrDefault(language, Map.of()).values());
    }

    /** Every entry, sorted by language then intent. */
    public List<KnowledgeEntry> all() {
        List<KnowledgeEntry> all = new ArrayList<>();
        entries.values().forEach(intents -> all.addAll(intents.values()));
        return all;
    }

    public int size() {
        return entries.values().stream().mapToInt(Map::size).sum();
    }

    /** This snapshot with one entry added or replaced, at {@code newVersion}. */
    public KnowledgeSnapshot with(KnowledgeEntry entry, long newVersion) {
        List<KnowledgeEntry> next = new ArrayList<>(all());
        next.removeIf(e -> e.key().equals(entry.key()));
        next.add(entry);
        return new KnowledgeSnapshot(newVersion, next);
    }

    /** This snapshot without one entry, at {@code newVersion}. */
    public KnowledgeSnapshot without(String language, String intent, long newVersion) {
        List<KnowledgeEntry> next = new ArrayList<>(all());
        next.removeIf(e -> e.key().equals(KnowledgeEntry.key(language, intent)));
        return new KnowledgeSnapshot(newVersion, next);
    }

    /**
     * {@code <version>-<8 hex digits of the content hash>}, part of the light model version. The
     * hash guards against a version number that restarts (an in-process store after a restart, a
     * wiped Redis reseeded) while the content differs.
     */
    public String versionTag() {
        return version + "-" + contentHash;
    }

    private static String hash(Map<String, Map<String, KnowledgeEntry>> entries) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            entries.forEach((language, intents) -> intents.values().forEach(e -> {
                digest.update(("\n" + e.key() + "\t" + e.answer()).getBytes(StandardCharsets.UTF_8));
                e.examples().forEach(x -> digest.update(("\t" + x).getBytes(StandardCharsets.UTF_8)));
            }));
            return HexFormat.of().formatHex(digest.digest()).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
