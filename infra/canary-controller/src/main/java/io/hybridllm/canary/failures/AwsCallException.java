package io.hybridllm.canary.failures;

/** A Lambda or CloudWatch call failed (after the SDK's own retries). */
public final class AwsCallException extends CanaryException {

    public AwsCallException(String operation, Throwable cause) {
        super(operation + " failed: " + cause.getMessage(), cause);
    }

    @Override
    public int exitStatus() {
        return 4;
    }
}
