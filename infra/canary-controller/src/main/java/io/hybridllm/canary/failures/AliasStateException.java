package io.hybridllm.canary.failures;

/**
 * The alias is not in the state this rollout expects (someone else moved it, or it already routes
 * to another version). The controller stops without touching the alias again: whoever changed it
 * owns it now.
 */
public final class AliasStateException extends CanaryException {

    public AliasStateException(String message) {
        super(message);
    }

    @Override
    public int exitStatus() {
        return 3;
    }
}
