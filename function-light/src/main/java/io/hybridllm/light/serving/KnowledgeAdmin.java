package io.hybridllm.light.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hybridllm.core.api.ApiError;
import io.hybridllm.core.api.ApiException;
import io.hybridllm.core.model.InferenceException;
import io.hybridllm.core.validation.RequestParser;
import io.hybridllm.light.config.LimitsConfig;
import io.hybridllm.light.knowledge.InvalidKnowledgeEntryException;
import io.hybridllm.light.knowledge.KnowledgeEntry;
import io.hybridllm.light.knowledge.KnowledgeEntryJson;
import io.hybridllm.light.knowledge.KnowledgeSnapshot;
import io.hybridllm.light.knowledge.LiveKnowledge;
import io.hybridllm.light.knowledge.store.KnowledgeStoreException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The admin API's operations on the live knowledge base. Everything is checked before anything is
 * written (path, body bytes, fields, the examples' embeddings), so a rejected change changes
 * nothing and does not move the version.
 */
@ApplicationScoped
public class KnowledgeAdmin {

    private static final Logger LOG = Logger.getLogger(KnowledgeAdmin.class);

    private final LightModels models;
    private final RequestParser parser;

    public KnowledgeAdmin(LightModels models, LimitsConfig limits, ObjectMapper mapper) {
        this.models = models;
        this.parser = new RequestParser(mapper, limits.toLimits());
    }

    /**
     * @param created true when the entry did not exist before (HTTP 201)
     */
    public record PutOutcome(boolean created, KnowledgeEntryReply reply) {}

    public KnowledgeListing list() {
        KnowledgeSnapshot snapshot = knowledge().current().snapshot();
        return KnowledgeListing.of(snapshot.version(), snapshot.all());
    }

    public KnowledgeEntryReply get(String language, String intent) {
        validatePath(language, intent);
        KnowledgeSnapshot snapshot = knowledge().current().snapshot();
        return snapshot.entry(language, intent).map(e -> KnowledgeEntryReply.of(snapshot.version(), e))
                .orElseThrow(() -> notFound(language, intent));
    }

    public PutOutcome put(String language, String intent, byte[] body) {
        validatePath(language, intent);
        ObjectNode json = parser.parseObject(body);
        KnowledgeEntry entry;
        try {
            entry = KnowledgeEntryJson.fromChangeBody(language, intent, json);
        } catch (InvalidKnowledgeEntryException e) {
            throw invalid(e);
        }
        LiveKnowledge knowledge = knowledge();
        try {
            LiveKnowledge.Change change = knowledge.put(entry);
            return new PutOutcome(change.created(), KnowledgeEntryReply.of(change.version(), change.entry()));
        } catch (InferenceException e) {
            LOG.error("embedding knowledge examples failed", e);
            throw new ApiException(ApiError.internal("embedding the examples failed; nothing was changed"));
        } catch (KnowledgeStoreException e) {
            throw storeUnavailable(e);
        }
    }

    public KnowledgeEntryReply delete(String language, String intent) {
        validatePath(language, intent);
        LiveKnowledge knowledge = knowledge();
        try {
            LiveKnowledge.Change change = knowledge.delete(language, intent)
                    .orElseThrow(() -> notFound(language, intent));
            return KnowledgeEntryReply.deleted(change.version(), change.entry());
        } catch (KnowledgeStoreException e) {
            throw storeUnavailable(e);
        }
    }

    private LiveKnowledge knowledge() {
        LightModels.Loaded loaded = models.current();
        if (loaded == null) {
            throw new ApiException(ApiError.unavailable("the light model is not loaded; see the function's log",
                    "model_not_loaded"));
        }
        return loaded.knowledge();
    }

    private static void validatePath(String language, String intent) {
        try {
            KnowledgeEntry.validateLanguage(language);
            KnowledgeEntry.validateIntent(intent);
        } catch (InvalidKnowledgeEntryException e) {
            throw invalid(e);
        }
    }

    private static ApiException invalid(InvalidKnowledgeEntryException e) {
        return new ApiException(ApiError.invalidRequest(422, e.getMessage(), e.field(), e.code()));
    }

    private static ApiException notFound(String language, String intent) {
        return new ApiException(ApiError.invalidRequest(404, "no knowledge entry " + language + "/" + intent, null,
                "knowledge_entry_not_found"));
    }

    private static ApiException storeUnavailable(KnowledgeStoreException e) {
        LOG.error("knowledge store failed; change not applied", e);
        return new ApiException(ApiError.unavailable("the knowledge store is unavailable; nothing was changed",
                "knowledge_store_unavailable"));
    }
}
