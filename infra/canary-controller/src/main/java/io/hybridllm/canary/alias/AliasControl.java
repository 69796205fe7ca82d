package io.hybridllm.canary.alias;

import io.hybridllm.canary.failures.AliasStateException;
import io.hybridllm.canary.failures.AwsCallException;
import io.hybridllm.canary.failures.InvalidInputException;
import java.util.Set;

/** Reads and moves a Lambda alias. */
public interface AliasControl {

    AliasState read(String functionName, String alias)
            throws InvalidInputException, AwsCallException;

    /** The function's published versions (never {@code $LATEST}). */
    Set<String> publishedVersions(String functionName) throws InvalidInputException, AwsCallException;

    /** Keeps {@code from}'s primary and sends {@code weight} of the traffic to {@code canary}. */
    AliasState route(AliasState from, String canary, double weight)
            throws InvalidInputException, AliasStateException, AwsCallException;

    /** Points the alias at {@code canary} alone. */
    AliasState promote(AliasState from, String canary)
            throws InvalidInputException, AliasStateException, AwsCallException;

    /** Points the alias at {@code primary} alone, whatever it routes to now. */
    AliasState rollback(String functionName, String alias, String primary)
            throws InvalidInputException, AwsCallException;
}
