package io.hybridllm.light.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Strict JSON forms of a {@link KnowledgeEntry}: the admin API's change body
 * {@code {"examples":[...],"answer":"..."}} and the stored form, which also names intent and
 * language. Unknown fields and wrong types are rejected, never ignored, so a typo such as
 * {@code "answr"} fails loudly instead of storing an entry without its answer.
 */
public final class KnowledgeEntryJson {

    private static final Set<String> CHANGE_FIELDS = Set.of("examples", "answer");
    private static final Set<String> STORED_FIELDS = Set.of("intent", "language", "examples", "answer");

    private KnowledgeEntryJson() {
    }

    /** The admin API's PUT body, for the entry named by the path. */
    public static KnowledgeEntry fromChangeBody(String language, String intent, ObjectNode body) {
        rejectUnknown(body, CHANGE_FIELDS);
        return new KnowledgeEntry(intent, language, examples(body.get("examples")), text(body, "answer"));
    }

    /** The form kept in the store. */
    public static KnowledgeEntry fromStored(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new InvalidKnowledgeEntryException("", "invalid_type", "stored entry is not a JSON object");
        }
        rejectUnknown((ObjectNode) node, STORED_FIELDS);
        return new KnowledgeEntry(text(node, "intent"), text(node, "language"), examples(node.get("examples")),
                text(node, "answer"));
    }

    public static ObjectNode toStored(KnowledgeEntry entry) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("intent", entry.intent());
        node.put("language", entry.language());
        var examples = node.putArray("examples");
        entry.examples().forEach(examples::add);
        node.put("answer", entry.answer());
        return node;
    }

    private static void rejectUnknown(ObjectNode node, Set<String> allowed) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new InvalidKnowledgeEntryException(name, "unknown_parameter", "unknown field '" + name
                        + "'; expected only " + allowed.stream().sorted().toList());
            }
        }
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null; // KnowledgeEntry reports the missing field by name
        }
        if (!value.isTextual()) {
            throw new InvalidKnowledgeEntryException(name, "invalid_type", "'" + name + "' must be a string");
        }
        return value.asText();
    }

    private static List<String> examples(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new InvalidKnowledgeEntryException("examples", "invalid_type", "'examples' must be an array of strings");
        }
        List<String> examples = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) {
                throw new InvalidKnowledgeEntryException("examples[" + i + "]", "invalid_type",
                        "'examples[" + i + "]' must be a string");
            }
            examples.add(node.get(i).asText());
        }
        return examples;
    }
}
