package io.hybridllm.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridllm.core.api.ChatCompletionRequest;
import io.hybridllm.core.api.ChatMessage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheKeyTest {

    private static final Map<String, String> VERSIONS = Map.of("light", "l1", "heavy", "h1");

    private static ChatCompletionRequest ask(String text, Double temperature) {
        return new ChatCompletionRequest(null, List.of(ChatMessage.user(text)), temperature, null, null, null,
                null, null, null, null);
    }

    @Test
    void normalisesCaseWhitespaceAndUnicodeForms() {
        String a = CacheKey.of("t", ask("Where is my  card?", null), VERSIONS);
        String b = CacheKey.of("t", ask("  where IS my card?\n", null), VERSIONS);
        String c = CacheKey.of("t", ask("Where is my ｃａｒｄ?", null), VERSIONS); // full-width letters fold under NFKC
        assertEquals(a, b);
        assertEquals(a, c);
    }

    @Test
    void separatesTenantsParametersAndVersions() {
        String base = CacheKey.of("t", ask("hello", null), VERSIONS);
        assertNotEquals(base, CacheKey.of("other", ask("hello", null), VERSIONS));
        assertNotEquals(base, CacheKey.of("t", ask("hello", 0.5), VERSIONS));
        assertNotEquals(base, CacheKey.of("t", ask("hello", null), Map.of("light", "l2", "heavy", "h1")));
        assertNotEquals(base, CacheKey.of("t", ask("hello there", null), VERSIONS));
    }

    @Test
    void rolesAreNotInterchangeable() {
        var asUser = ChatCompletionRequest.of(List.of(new ChatMessage("user", "x")));
        var asSystem = ChatCompletionRequest.of(List.of(new ChatMessage("system", "x")));
        assertNotEquals(CacheKey.of("t", asUser, VERSIONS), CacheKey.of("t", asSystem, VERSIONS));
    }

    @Test
    void keysLiveUnderTheTenantPrefixAndAreSafe() {
        String key = CacheKey.of("acme corp/*", ask("hi", null), VERSIONS);
        assertTrue(key.startsWith(CacheKey.tenantPrefix("acme corp/*")));
        assertTrue(key.matches("hybrid:v1:answer:[A-Za-z0-9._-]+~[0-9a-f]{12}:[0-9a-f]{64}"), key);
    }

    @Test
    void tenantsThatLookAlikeAfterEscapingStayApart() {
        assertNotEquals(CacheKey.of("acme corp", ask("hi", null), VERSIONS),
                CacheKey.of("acme_corp", ask("hi", null), VERSIONS));
        assertNotEquals(CacheKey.tenantPrefix("acme corp"), CacheKey.tenantPrefix("acme_corp"));
    }
}
