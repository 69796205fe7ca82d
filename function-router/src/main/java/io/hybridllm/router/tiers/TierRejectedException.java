package io.hybridllm.router.tiers;

/**
 * The tier answered 4xx: the request itself is at fault, so it is neither retried nor counted
 * against the circuit breaker, and the tier's status and body reach the client unchanged.
 */
public class TierRejectedException extends RuntimeException {

    private final String tier;
    private final int status;
    private final byte[] body;
    private final String contentType;

    public TierRejectedException(String tier, int status, byte[] body, String contentType) {
        super(tier + " tier rejected the request with HTTP " + status, null, false, false);
        this.tier = tier;
        this.status = status;
        this.body = body;
        this.contentType = contentType;
    }

    public String tier() {
        return tier;
    }

    public int status() {
        return status;
    }

    public byte[] body() {
        return body;
    }

    public String contentType() {
        return contentType;
    }
}
