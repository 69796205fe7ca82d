package io.hybridllm.canary.failures;

import java.util.List;

/**
 * The inputs describe a rollout that must not run: a weight outside [0,1], steps that do not end at
 * 1, an unpublished or identical version, ... Raised before the alias is changed. Lists every problem
 * found, not only the first.
 */
public final class InvalidInputException extends CanaryException {

    private final List<String> problems;

    public InvalidInputException(List<String> problems) {
        super("invalid rollout: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    @Override
    public int exitStatus() {
        return 2;
    }
}
