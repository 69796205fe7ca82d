package io.hybridllm.light.knowledge.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridllm.light.knowledge.InvalidKnowledgeEntryException;
import io.hybridllm.light.knowledge.KnowledgeEntry;
import io.hybridllm.light.knowledge.KnowledgeEntryJson;
import io.hybridllm.light.knowledge.KnowledgeSnapshot;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.transactions.OptimisticLockingTransactionResult;
import io.quarkus.redis.datasource.transactions.TransactionResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Knowledge in Redis, shared by every light instance and durable as far as the Redis is (run it
 * with AOF, {@code appendonly yes}). Two keys under a prefix (default {@code hybrid:knowledge:}):
 *
 * <ul>
 *   <li>{@code <prefix>entries}: a hash, field {@code language:intent}, value the entry as JSON
 *       ({@code {"intent","language","examples","answer"}});</li>
 *   <li>{@code <prefix>version}: the knowledge version, an integer that every change increments.
 *       The router reads this key per request and folds it into its cache keys.</li>
 * </ul>
 *
 * Every change is one MULTI/EXEC holding the HSET/HDEL and the INCR, run under WATCH of both keys
 * after checking the version is a number: EXEC does not roll back a command that fails inside it,
 * so anything that could fail is checked before the transaction, and a concurrent change makes EXEC
 * abort and the change retry on fresh state. Loads read both keys in one MULTI/EXEC too.
 *
 * <p>Corrupt content (a value that is not JSON or breaks an entry rule, a field that does not match
 * its value, entries without a version) fails the whole load with every bad field named: the light
 * function stays not ready rather than serve a knowledge base with answers silently missing.
 */
public final class RedisKnowledgeStore implements KnowledgeStore {

    private static final int MAX_ATTEMPTS = 10;

    private final RedisDataSource redis;
    private final ObjectMapper mapper;
    private final String entriesKey;
    private final String versionKey;
    private final String hosts;

    public RedisKnowledgeStore(RedisDataSource redis, ObjectMapper mapper, String keyPrefix, String hosts) {
        this.redis = redis;
        this.mapper = mapper;
        this.entriesKey = keyPrefix + "entries";
        this.versionKey = keyPrefix + "version";
        this.hosts = hosts;
    }

    public String entriesKey() {
        return entriesKey;
    }

    public String versionKey() {
        return versionKey;
    }

    @Override
    public KnowledgeSnapshot loadOrSeed(Supplier<List<KnowledgeEntry>> seed) throws KnowledgeLoadException {
        try {
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                TransactionResult read = redis.withTransaction(tx -> {
                    tx.hash(String.class).hgetall(entriesKey);
                    tx.value(String.class).get(versionKey);
                });
                Map<String, String> fields = read.get(0);
                String version = read.get(1);
                if (version != null || (fields != null && !fields.isEmpty())) {
                    return parse(fields == null ? Map.of() : fields, version);
                }
                seedIfStillEmpty(seed.get());
                // Read again: either our seed or the one another instance wrote first.
            }
        } catch (KnowledgeLoadException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new KnowledgeLoadException("knowledge store " + description() + " cannot be read: " + e, e);
        }
        throw new KnowledgeLoadException("knowledge store " + description() + " kept changing while loading");
    }

    private void seedIfStillEmpty(List<KnowledgeEntry> seed) {
        Map<String, String> fields = new LinkedHashMap<>();
        seed.forEach(entry -> fields.put(entry.key(), json(entry)));
        redis.withTransaction(ds -> ds.key().exists(entriesKey, versionKey) == 0, (empty, tx) -> {
            if (!empty) {
                tx.discard();
                return;
            }
            if (!fields.isEmpty()) {
                tx.hash(String.class).hset(entriesKey, fields);
            }
            tx.value(String.class).set(versionKey, "1");
        }, entriesKey, versionKey);
    }

    private KnowledgeSnapshot parse(Map<String, String> fields, String versionText) throws KnowledgeLoadException {
        List<String> problems = new ArrayList<>();
        long version = 0;
        if (versionText == null) {
            problems.add("key '" + versionKey + "' (the version) is missing while '" + entriesKey
                    + "' holds entries; restore it to a value above every version this store ever had");
        } else {
            try {
                version = Long.parseLong(versionText);
            } catch (NumberFormatException e) {
                problems.add("key '" + versionKey + "' is not an integer: '" + versionText + "'");
            }
        }
        List<KnowledgeEntry> entries = new ArrayList<>(fields.size());
        for (Map.Entry<String, String> field : new TreeMap<>(fields).entrySet()) {
            try {
                KnowledgeEntry entry = KnowledgeEntryJson.fromStored(mapper.readTree(field.getValue()));
                if (!entry.key().equals(field.getKey())) {
                    problems.add("field '" + field.getKey() + "' holds the entry for '" + entry.key() + "'");
                } else {
                    entries.add(entry);
                }
            } catch (JsonProcessingException e) {
                problems.add("field '" + field.getKey() + "' is not valid JSON: " + e.getOriginalMessage());
            } catch (InvalidKnowledgeEntryException e) {
                problems.add("field '" + field.getKey() + "' is not a valid entry: " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new KnowledgeLoadException("knowledge store " + description() + " holds " + problems.size()
                    + " corrupt item(s) in '" + entriesKey + "'/'" + versionKey + "'; refusing to load any of it "
                    + "(fix or HDEL the fields named, then restart): " + String.join("; ", problems));
        }
        return new KnowledgeSnapshot(version, entries);
    }

    @Override
    public long version() {
        try {
            String version = redis.value(String.class).get(versionKey);
            return version == null ? 0 : Long.parseLong(version);
        } catch (RuntimeException e) {
            throw new KnowledgeStoreException("knowledge version unreadable at " + description() + ": " + e, e);
        }
    }

    @Override
    public long put(KnowledgeEntry entry) {
        String json = json(entry);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            OptimisticLockingTransactionResult<Long> result;
            try {
                result = redis.withTransaction(ds -> currentVersion(ds), (version, tx) -> {
                    tx.hash(String.class).hset(entriesKey, entry.key(), json);
                    tx.value(Long.class).incr(versionKey);
                }, entriesKey, versionKey);
            } catch (RuntimeException e) {
                throw new KnowledgeStoreException("knowledge store " + description() + " did not take the change: "
                        + e, e);
            }
            if (!result.discarded()) {
                return committedVersion(result, 1);
            }
        }
        throw new KnowledgeStoreException("knowledge store " + description() + " kept changing; change not applied",
                null);
    }

    @Override
    public OptionalLong delete(String language, String intent) {
        String field = KnowledgeEntry.key(language, intent);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            OptimisticLockingTransactionResult<Boolean> result;
            try {
                result = redis.withTransaction(ds -> {
                    currentVersion(ds);
                    return ds.hash(String.class).hexists(entriesKey, field);
                }, (exists, tx) -> {
                    if (!exists) {
                        tx.discard();
                        return;
                    }
                    tx.hash(String.class).hdel(entriesKey, field);
                    tx.value(Long.class).incr(versionKey);
                }, entriesKey, versionKey);
            } catch (RuntimeException e) {
                throw new KnowledgeStoreException("knowledge store " + description() + " did not take the change: "
                        + e, e);
            }
            if (!result.getPreTransactionResult()) {
                return OptionalLong.empty();
            }
            if (!result.discarded()) {
                return OptionalLong.of(committedVersion(result, 1));
            }
        }
        throw new KnowledgeStoreException("knowledge store " + description() + " kept changing; change not applied",
                null);
    }

    /** Checked before a change so that the INCR inside EXEC cannot fail after the entry was written. */
    private long currentVersion(RedisDataSource ds) {
        String version = ds.value(String.class).get(versionKey);
        if (version == null) {
            return 0;
        }
        try {
            return Long.parseLong(version);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("key '" + versionKey + "' is not an integer: '" + version + "'");
        }
    }

    private long committedVersion(TransactionResult result, int index) {
        if (result.hasErrors()) {
            throw new KnowledgeStoreException("knowledge store " + description() + " reported an error inside "
                    + "the transaction: " + result, null);
        }
        return ((Number) result.get(index)).longValue();
    }

    private String json(KnowledgeEntry entry) {
        try {
            return mapper.writeValueAsString(KnowledgeEntryJson.toStored(entry));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    @Override
    public String description() {
        return "redis (" + hosts + ", keys " + entriesKey + " and " + versionKey + ")";
    }
}
