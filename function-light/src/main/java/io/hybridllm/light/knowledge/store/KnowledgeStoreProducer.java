package io.hybridllm.light.knowledge.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridllm.light.config.KnowledgeConfig;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Redis when {@code quarkus.redis.hosts} is set, otherwise an in-process store. The Redis client
 * bean is looked up only in the first case, so a function without Redis never builds one.
 */
public class KnowledgeStoreProducer {

    private static final Logger LOG = Logger.getLogger(KnowledgeStoreProducer.class);

    @Produces
    @Singleton
    KnowledgeStore knowledgeStore(KnowledgeConfig config, ObjectMapper mapper,
                                  @ConfigProperty(name = "quarkus.redis.hosts") Optional<String> hosts,
                                  Instance<RedisDataSource> redis) {
        if (hosts.isPresent() && !hosts.get().isBlank()) {
            RedisKnowledgeStore store = new RedisKnowledgeStore(redis.get(), mapper, config.keyPrefix(), hosts.get());
            LOG.infof("Knowledge store: %s", store.description());
            return store;
        }
        LOG.warn("No Redis configured (quarkus.redis.hosts unset): the knowledge base is kept in process; changes "
                + "made through /admin/knowledge will NOT survive a restart and are not shared between instances");
        return new InProcessKnowledgeStore();
    }
}
