package io.hybridllm.light.knowledge;

/**
 * A knowledge entry (from the admin API or from the store) breaks a rule of {@link KnowledgeEntry}.
 *
 * @see KnowledgeEntry#validate
 */
public class InvalidKnowledgeEntryException extends RuntimeException {

    private final String field;
    private final String code;

    /**
     * @param field the offending field as a client would name it, e.g. {@code answer} or {@code examples[3]}
     * @param code a machine-readable reason such as {@code invalid_value} or {@code invalid_type}
     */
    public InvalidKnowledgeEntryException(String field, String code, String message) {
        super(message, null, false, false);
        this.field = field;
        this.code = code;
    }

    public String field() {
        return field;
    }

    public String code() {
        return code;
    }
}
