package io.hybridllm.router.tiers;

/**
 * A failure where the tier surely did no work (connection refused) or says to come back (502/503),
 * so sending the same request again is safe. Only these are retried.
 */
public class RetryableTierException extends TierUnavailableException {

    public RetryableTierException(String tier, String kind, String message, Throwable cause) {
        super(tier, kind, message, cause);
    }
}
