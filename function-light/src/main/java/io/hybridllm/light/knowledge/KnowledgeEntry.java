package io.hybridllm.light.knowledge;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One curated answer of the light tier's knowledge base, with optional example questions.
 * Every instance is valid: the constructor enforces the rules below, so an entry that exists was
 * checked, whether it came from the admin API, a bundled file or the store.
 *
 * @param intent banking77-style intent name, {@code [a-z0-9_]{1,64}}
 * @param language {@code en} or {@code zh}
 * @param examples 0..{@value #MAX_EXAMPLES} example questions, each non-blank and at most
 *                 {@value #MAX_EXAMPLE_CHARS} characters
 * @param answer the answer sent to the user: non-blank, at most {@value #MAX_ANSWER_CHARS} characters
 */
public record KnowledgeEntry(String intent, String language, List<String> examples, String answer) {

    public static final Set<String> LANGUAGES = Set.of("en", "zh");
    public static final int MAX_ANSWER_CHARS = 4000;
    public static final int MAX_EXAMPLES = 200;
    public static final int MAX_EXAMPLE_CHARS = 512;
    private static final Pattern INTENT = Pattern.compile("[a-z0-9_]{1,64}");
    private static final Pattern NOT_INTENT_CHARACTER = Pattern.compile("[^a-z0-9_]");

    public KnowledgeEntry {
        validateIntent(intent);
        validateLanguage(language);
        if (answer == null) {
            throw invalid("answer", "missing_required_parameter", "'answer' is required");
        }
        if (answer.isBlank()) {
            throw invalid("answer", "invalid_value", "'answer' must not be blank");
        }
        if (answer.length() > MAX_ANSWER_CHARS) {
            throw invalid("answer", "invalid_value", "'answer' has " + answer.length() + " characters; at most "
                    + MAX_ANSWER_CHARS + " are accepted");
        }
        examples = examples == null ? List.of() : examples;
        if (examples.size() > MAX_EXAMPLES) {
            throw invalid("examples", "invalid_value", "'examples' has " + examples.size() + " items; at most "
                    + MAX_EXAMPLES + " are accepted");
        }
        for (int i = 0; i < examples.size(); i++) {
            String example = examples.get(i);
            String field = "examples[" + i + "]";
            if (example == null) {
                throw invalid(field, "invalid_type", "'" + field + "' must be a string");
            }
            if (example.isBlank()) {
                throw invalid(field, "invalid_value", "'" + field + "' must not be blank");
            }
            if (example.length() > MAX_EXAMPLE_CHARS) {
                throw invalid(field, "invalid_value", "'" + field + "' has " + example.length()
                        + " characters; at most " + MAX_EXAMPLE_CHARS + " are accepted");
            }
        }
        examples = List.copyOf(examples);
    }

    /** The store's name for this entry: {@code language:intent}. */
    public String key() {
        return key(language, intent);
    }

    public static String key(String language, String intent) {
        return language + ":" + intent;
    }

    /**
     * The knowledge base's name for a classifier intent: lower case, characters outside
     * {@code [a-z0-9_]} dropped. Two banking77 labels break the intent rule
     * ({@code Refund_not_showing_up}, {@code reverted_card_payment?}); their entries are
     * {@code refund_not_showing_up} and {@code reverted_card_payment}, while responses keep reporting
     * the classifier's own label so accuracy checks against banking77 still match.
     */
    public static String knowledgeIntent(String classifierIntent) {
        return NOT_INTENT_CHARACTER.matcher(classifierIntent.toLowerCase(Locale.ROOT)).replaceAll("");
    }

    public static void validateIntent(String intent) {
        if (intent == null || !INTENT.matcher(intent).matches()) {
            throw invalid("intent", "invalid_value", "intent must match [a-z0-9_]{1,64}; got '" + intent + "'");
        }
    }

    public static void validateLanguage(String language) {
        if (language == null || !LANGUAGES.contains(language)) {
            throw invalid("language", "invalid_value", "language must be one of " + LANGUAGES.stream().sorted().toList()
                    + "; got '" + language + "'");
        }
    }

    private static InvalidKnowledgeEntryException invalid(String field, String code, String message) {
        return new InvalidKnowledgeEntryException(field, code, message);
    }
}
