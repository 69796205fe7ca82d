package io.hybridllm.router.cache;

import io.hybridllm.router.doubles.TiersResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** A router with no quarkus.redis.hosts: the in-process cache mode. */
public class InProcessCacheProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(TiersResource.class));
    }

    @Override
    public String getConfigProfile() {
        return "test";
    }
}
