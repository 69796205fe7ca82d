package io.hybridllm.light.knowledge;

import io.hybridllm.core.model.InferenceException;
import io.hybridllm.core.model.ModelLoadException;
import io.hybridllm.core.model.TextEncoder;
import io.hybridllm.light.config.KnowledgeConfig;
import io.hybridllm.light.knowledge.store.KnowledgeLoadException;
import io.hybridllm.light.knowledge.store.KnowledgeStore;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The knowledge base as requests see it: one {@link Current} (snapshot plus the example matchers
 * built from it) swapped in whole after every change, so a request never mixes two versions.
 * Changes go to the {@link KnowledgeStore} first and are applied here only once stored; they are
 * serialised in this instance, and changes made through other instances are picked up by a
 * periodic version check ({@code hybrid.knowledge.refresh}).
 */
@ApplicationScoped
public class LiveKnowledge {

    private static final Logger LOG = Logger.getLogger(LiveKnowledge.class);

    /**
     * What one request reads.
     *
     * @param examples one matcher per language that has an encoder
     */
    public record Current(KnowledgeSnapshot snapshot, Map<String, ExampleMatcher> examples) {

        public Optional<ExampleMatch> nearestExample(String language, float[] query) {
            ExampleMatcher matcher = examples.get(language);
            return matcher == null ? Optional.empty() : matcher.nearest(query);
        }
    }

    /**
     * An applied change.
     *
     * @param version the knowledge version after it
     * @param entry the entry written, or the entry deleted (null if this instance had not seen it)
     * @param created true when a PUT created the entry rather than replaced it
     */
    public record Change(long version, KnowledgeEntry entry, boolean created) {}

    private final KnowledgeStore store;
    private final KnowledgeConfig config;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    // One daemon thread: version checks and reloads never run on a request thread.
    private final ExecutorService refresher = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "knowledge-refresh");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Current current;
    private volatile long nextRefreshNanos;
    private Function<String, TextEncoder> encoders;
    private Supplier<List<KnowledgeEntry>> seed;

    public LiveKnowledge(KnowledgeStore store, KnowledgeConfig config) {
        this.store = store;
        this.config = config;
    }

    /**
     * Loads the stored knowledge (seeding an empty store with {@code seed}) and embeds its examples.
     *
     * @param encoders the encoder whose embeddings a language's queries are compared in, or null for a
     *                 language without example matching
     * @throws ModelLoadException when the store is unreadable or holds corrupt entries
     */
    public synchronized Current start(Function<String, TextEncoder> encoders, Supplier<List<KnowledgeEntry>> seed)
            throws ModelLoadException {
        this.encoders = encoders;
        this.seed = seed;
        current = build(store.loadOrSeed(seed), null);
        nextRefreshNanos = System.nanoTime() + config.refresh().toNanos();
        LOG.infof("knowledge version %d loaded from %s: %d entries, %d examples", current.snapshot().version(),
                store.description(), current.snapshot().size(),
                current.examples().values().stream().mapToInt(ExampleMatcher::exampleCount).sum());
        return current;
    }

    /** The current knowledge, or null before {@link #start}. */
    public Current current() {
        return current;
    }

    public String storeDescription() {
        return store.description();
    }

    /**
     * Creates or replaces an entry. The examples are embedded before anything is written, so a
     * failure leaves store and snapshot unchanged.
     */
    public synchronized Change put(KnowledgeEntry entry) throws InferenceException {
        Current before = require();
        ExampleMatcher matcher = before.examples().get(entry.language());
        ExampleMatcher nextMatcher = matcher == null ? null : matcher.with(entry);
        boolean created = before.snapshot().entry(entry.language(), entry.intent()).isEmpty();
        long version = store.put(entry);
        if (version == before.snapshot().version() + 1) {
            current = new Current(before.snapshot().with(entry, version),
                    replaced(before.examples(), entry.language(), nextMatcher));
        } else {
            reloadAfterForeignChange(before.snapshot().with(entry, version));
        }
        LOG.infof("knowledge %s %s; version now %d", entry.key(), created ? "created" : "replaced", version);
        return new Change(version, entry, created);
    }

    /** Deletes an entry; empty when the store has no such entry (nothing changed). */
    public synchronized Optional<Change> delete(String language, String intent) {
        Current before = require();
        Optional<KnowledgeEntry> deleted = before.snapshot().entry(language, intent);
        OptionalLong version = store.delete(language, intent);
        if (version.isEmpty()) {
            return Optional.empty();
        }
        long v = version.getAsLong();
        if (v == before.snapshot().version() + 1) {
            ExampleMatcher matcher = before.examples().get(language);
            current = new Current(before.snapshot().without(language, intent, v),
                    replaced(before.examples(), language, matcher == null ? null : matcher.without(intent)));
        } else {
            reloadAfterForeignChange(before.snapshot().without(language, intent, v));
        }
        LOG.infof("knowledge %s deleted; version now %d", KnowledgeEntry.key(language, intent), v);
        return Optional.of(new Change(v, deleted.orElse(null), false));
    }

    /**
     * Starts a background check of the stored version when the refresh interval has passed, so
     * changes made through other instances arrive here; never blocks the caller.
     */
    public void refreshIfDue() {
        if (current == null || System.nanoTime() - nextRefreshNanos < 0 || !refreshing.compareAndSet(false, true)) {
            return;
        }
        nextRefreshNanos = System.nanoTime() + config.refresh().toNanos();
        try {
            refresher.execute(() -> {
                try {
                    refreshNow();
                } finally {
                    refreshing.set(false);
                }
            });
        } catch (RuntimeException e) {
            refreshing.set(false); // executor shut down: the application is stopping
        }
    }

    /** Reloads when the stored version differs from the one served; failures keep what is served. */
    void refreshNow() {
        try {
            if (store.version() != require().snapshot().version()) {
                synchronized (this) {
                    current = build(store.loadOrSeed(seed), current);
                }
                LOG.infof("knowledge reloaded after a change elsewhere: version %d", current.snapshot().version());
            }
        } catch (ModelLoadException | RuntimeException e) {
            LOG.warnf("knowledge refresh failed, still serving version %d: %s", current.snapshot().version(),
                    e.getMessage());
        }
    }

    /** Another instance changed the store too: take everything from the store, or at least our change. */
    private void reloadAfterForeignChange(KnowledgeSnapshot ownChangeOnly) {
        try {
            current = build(store.loadOrSeed(seed), current);
        } catch (ModelLoadException | RuntimeException e) {
            LOG.errorf("knowledge reload after a concurrent change failed (%s); serving this change only until the "
                    + "next refresh", e.getMessage());
            try {
                current = build(ownChangeOnly, current);
            } catch (ModelLoadException stillFailing) {
                LOG.error("knowledge could not be rebuilt; serving the previous version", stillFailing);
            }
        }
    }

    private Current build(KnowledgeSnapshot snapshot, Current previous) throws ModelLoadException {
        Map<String, ExampleMatcher> matchers = new TreeMap<>();
        for (String language : KnowledgeEntry.LANGUAGES) {
            TextEncoder encoder = encoders.apply(language);
            if (encoder == null) {
                continue;
            }
            ExampleMatcher known = previous == null ? null : previous.examples().get(language);
            try {
                matchers.put(language, known == null ? ExampleMatcher.build(encoder, snapshot.entries(language))
                        : known.syncedTo(snapshot.entries(language)));
            } catch (InferenceException e) {
                throw new KnowledgeLoadException("cannot embed the " + language + " knowledge examples: "
                        + e.getMessage(), e);
            }
        }
        return new Current(snapshot, Map.copyOf(matchers));
    }

    private static Map<String, ExampleMatcher> replaced(Map<String, ExampleMatcher> matchers, String language,
                                                        ExampleMatcher matcher) {
        if (matcher == null) {
            return matchers;
        }
        Map<String, ExampleMatcher> next = new TreeMap<>(matchers);
        next.put(language, matcher);
        return Map.copyOf(next);
    }

    private Current require() {
        Current loaded = current;
        if (loaded == null) {
            throw new IllegalStateException("knowledge is not loaded");
        }
        return loaded;
    }

    @PreDestroy
    void stop() {
        refresher.shutdownNow();
    }
}
