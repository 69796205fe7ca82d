package io.hybridllm.canary.failures;

/**
 * Why a rollout could not run or finish. Checked, so every caller decides what a failed rollout
 * means for it; the command maps each kind to its own exit status.
 */
public abstract sealed class CanaryException extends Exception
        permits InvalidInputException, AliasStateException, AwsCallException {

    protected CanaryException(String message) {
        super(message);
    }

    protected CanaryException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Exit status of the command for this failure. */
    public abstract int exitStatus();
}
