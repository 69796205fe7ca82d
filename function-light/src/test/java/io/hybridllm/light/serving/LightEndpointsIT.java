package io.hybridllm.light.serving;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same HTTP checks against the packaged artefact (the runner jar, or the native executable with -Dnative). */
@QuarkusIntegrationTest
class LightEndpointsIT extends LightEndpointsTest {
}
