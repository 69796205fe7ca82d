package io.hybridllm.router.tiers;

/**
 * A tier could not give an answer: connection refused, timeout, 5xx or an unreadable reply. The
 * router's failure policy turns it into a fallback, never into a client-visible stack trace.
 */
public class TierUnavailableException extends RuntimeException {

    private final String kind;

    public TierUnavailableException(String tier, String kind, String message, Throwable cause) {
        super(tier + " tier unavailable (" + kind + "): " + message, cause, false, false);
        this.kind = kind;
    }

    /** Short failure class for metrics: connect, timeout, http_5xx, bad_response, interrupted. */
    public String kind() {
        return kind;
    }
}
