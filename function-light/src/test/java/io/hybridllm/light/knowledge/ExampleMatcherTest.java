package io.hybridllm.light.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridllm.core.model.TextEncoder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Example matching and snapshot changes, with a tiny deterministic encoder that records what it embeds. */
class ExampleMatcherTest {

    /** Embeds a text as a unit vector on the axis named by its first letter (a, b or c). */
    static final class AxisEncoder implements TextEncoder {
        final List<String> embedded = new ArrayList<>();

        @Override
        public float[][] embed(List<String> texts) {
            embedded.addAll(texts);
            float[][] out = new float[texts.size()][3];
            for (int i = 0; i < texts.size(); i++) {
                out[i][texts.get(i).charAt(0) - 'a'] = 1f;
            }
            return out;
        }

        @Override
        public int dimension() {
            return 3;
        }

        @Override
        public String version() {
            return "axis";
        }

        @Override
        public void close() {
        }
    }

    static KnowledgeEntry entry(String intent, List<String> examples) {
        return new KnowledgeEntry(intent, "en", examples, "Answer " + intent + ".");
    }

    @Test
    void nearestExampleAndOnlyTheChangedEntryIsReembedded() throws Exception {
        AxisEncoder encoder = new AxisEncoder();
        ExampleMatcher matcher = ExampleMatcher.build(encoder, List.of(entry("first", List.of("a1", "a2")),
                entry("second", List.of("b1")), entry("no_examples", List.of())));
        assertEquals(List.of("a1", "a2", "b1"), encoder.embedded);
        assertEquals(new ExampleMatch("second", 1.0), matcher.nearest(new float[] {0, 1, 0}).orElseThrow());

        encoder.embedded.clear();
        ExampleMatcher changed = matcher.with(entry("second", List.of("c1")));
        assertEquals(List.of("c1"), encoder.embedded, "only the changed entry is embedded");
        assertEquals("second", changed.nearest(new float[] {0, 0, 1}).orElseThrow().intent());
        assertEquals(0.0, changed.nearest(new float[] {0, 1, 0}).orElseThrow().similarity());

        encoder.embedded.clear();
        changed.with(entry("second", List.of("c1")));
        changed.syncedTo(List.of(entry("first", List.of("a1", "a2")), entry("second", List.of("c1"))));
        assertEquals(List.of(), encoder.embedded, "unchanged examples are never embedded again");

        assertTrue(changed.without("second").without("first").nearest(new float[] {1, 0, 0}).isEmpty());
    }

    @Test
    void snapshotsAreImmutableAndTheirVersionTagFollowsContent() {
        KnowledgeSnapshot one = new KnowledgeSnapshot(1, List.of(entry("a", List.of()), entry("b", List.of())));
        KnowledgeSnapshot two = one.with(new KnowledgeEntry("a", "en", List.of(), "New."), 2);
        assertEquals("Answer a.", one.answer("en", "a"));
        assertEquals("New.", two.answer("en", "a"));
        assertEquals(null, two.without("en", "a", 3).answer("en", "a"));
        assertEquals(List.of("a", "b"), two.entries("en").stream().map(KnowledgeEntry::intent).toList());
        assertTrue(two.versionTag().startsWith("2-"));
        // Same number, other content (a store that restarted from its seed): other tag.
        assertNotEquals(one.versionTag(), new KnowledgeSnapshot(1, List.of(entry("a", List.of()))).versionTag());
    }

    @Test
    void entryRulesNameTheField() {
        assertEquals("intent", assertThrows(InvalidKnowledgeEntryException.class,
                () -> new KnowledgeEntry("Bad", "en", List.of(), "x")).field());
        assertEquals("language", assertThrows(InvalidKnowledgeEntryException.class,
                () -> new KnowledgeEntry("ok", "de", List.of(), "x")).field());
        assertEquals("examples[1]", assertThrows(InvalidKnowledgeEntryException.class,
                () -> new KnowledgeEntry("ok", "en", List.of("fine", ""), "x")).field());
        assertEquals("refund_not_showing_up", KnowledgeEntry.knowledgeIntent("Refund_not_showing_up"));
        assertEquals("reverted_card_payment", KnowledgeEntry.knowledgeIntent("reverted_card_payment?"));
    }
}
