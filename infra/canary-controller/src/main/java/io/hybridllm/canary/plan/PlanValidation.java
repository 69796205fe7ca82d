package io.hybridllm.canary.plan;

import io.hybridllm.canary.alias.AliasState;
import io.hybridllm.canary.failures.AliasStateException;
import io.hybridllm.canary.failures.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every rule a rollout's inputs must satisfy, in one place. AWS's control plane checks some of them
 * itself, its mocks (moto) check almost none — moto accepts a routing weight of 7.5 — so the
 * controller checks them all before it changes anything, and again for each weight it sends.
 */
public final class PlanValidation {

    /** Published versions are positive integers; {@code $LATEST} is not published. */
    private static final Pattern PUBLISHED_VERSION = Pattern.compile("[1-9][0-9]{0,9}");
    private static final Pattern FUNCTION_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final Pattern ALIAS_NAME = Pattern.compile("(?!^[0-9]+$)[a-zA-Z0-9_-]{1,128}");
    private static final Pattern FUNCTION_ARN = Pattern.compile(
            "arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:([a-zA-Z0-9_-]{1,64})(?::([a-zA-Z0-9_$-]+))?");
    private static final Pattern PERCENTILE = Pattern.compile("p(100|[1-9]?[0-9](\\.[0-9]{1,2})?)");
    private static final Set<String> PLAIN_STATISTICS = Set.of("Average", "Maximum", "Minimum");

    private PlanValidation() {
    }

    /** Checks everything that can be checked without AWS and returns the plan. */
    public static RolloutPlan plan(RolloutRequest request) throws InvalidInputException {
        List<String> problems = new ArrayList<>();
        String function = request.function() == null ? "" : request.function().trim();
        Optional<String> aliasFromArn = Optional.empty();
        Matcher arn = FUNCTION_ARN.matcher(function);
        if (arn.matches()) {
            function = arn.group(1);
            aliasFromArn = Optional.ofNullable(arn.group(2));
        } else if (!FUNCTION_NAME.matcher(function).matches()) {
            problems.add("function '" + request.function() + "' is neither a function name nor a function ARN");
        }
        if (aliasFromArn.isPresent() && request.alias().isPresent()
                && !aliasFromArn.get().equals(request.alias().get())) {
            problems.add("the ARN names alias " + aliasFromArn.get() + " but --alias says " + request.alias().get());
        }
        String alias = request.alias().isPresent() ? request.alias().get() : aliasFromArn.orElse("live");
        if (!ALIAS_NAME.matcher(alias).matches()) {
            problems.add("alias '" + alias + "' is not an alias name");
        }
        checkPublished("canary version", request.canaryVersion(), problems);
        request.expectedPrimaryVersion().ifPresent(v -> {
            checkPublished("primary version", v, problems);
            if (v.equals(request.canaryVersion())) {
                problems.add("canary version " + v + " is the primary version; a canary must be another version");
            }
        });
        checkWeights(request.weights(), problems);
        if (request.bake() == null || request.bake().isNegative()) {
            problems.add("bake time must be zero or more");
        }
        if (request.extraBakes() < 0) {
            problems.add("extra bakes must be zero or more");
        }
        checkBounds(request.bounds(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new RolloutPlan(function, alias, request.canaryVersion(), request.expectedPrimaryVersion(),
                request.weights(), request.bake(), request.extraBakes(), request.bounds());
    }

    /**
     * Checks the plan against the alias as it is now and the function's published versions: both
     * versions published, canary other than primary, and the alias either not routing or routing only
     * to this canary (a resumed rollout).
     */
    public static void against(RolloutPlan plan, AliasState current, Set<String> publishedVersions)
            throws InvalidInputException, AliasStateException {
        List<String> problems = new ArrayList<>();
        if (!publishedVersions.contains(plan.canaryVersion())) {
            problems.add("canary version " + plan.canaryVersion() + " is not a published version of "
                    + plan.functionName() + " (published: " + new TreeSet<>(publishedVersions) + ")");
        }
        if (!PUBLISHED_VERSION.matcher(current.primaryVersion()).matches()) {
            problems.add("alias " + plan.alias() + " points at " + current.primaryVersion()
                    + ", not a published version; weighted routing needs published versions");
        }
        if (current.primaryVersion().equals(plan.canaryVersion())) {
            problems.add("canary version " + plan.canaryVersion() + " is already the primary version of alias "
                    + plan.alias());
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        if (plan.expectedPrimaryVersion().isPresent()
                && !plan.expectedPrimaryVersion().get().equals(current.primaryVersion())) {
            throw new AliasStateException("alias " + plan.alias() + " points at version " + current.primaryVersion()
                    + ", not the expected primary " + plan.expectedPrimaryVersion().get());
        }
        if (current.canaryVersion().isPresent() && !current.canaryVersion().get().equals(plan.canaryVersion())) {
            throw new AliasStateException("alias " + plan.alias() + " already routes "
                    + percent(current.canaryWeight()) + " to version " + current.canaryVersion().get()
                    + "; finish or roll back that rollout first");
        }
    }

    /** The check made before every weight is sent to Lambda. */
    public static void weight(double weight) throws InvalidInputException {
        List<String> problems = new ArrayList<>();
        checkWeight(weight, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }

    /** The check made before an alias is pointed at a version. */
    public static void publishedVersion(String what, String version) throws InvalidInputException {
        List<String> problems = new ArrayList<>();
        checkPublished(what, version, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }

    private static void checkPublished(String what, String version, List<String> problems) {
        if (version == null || !PUBLISHED_VERSION.matcher(version).matches()) {
            problems.add(what + " '" + version + "' is not a published version (a positive number; $LATEST is not published)");
        }
    }

    private static void checkWeights(List<Double> weights, List<String> problems) {
        if (weights.isEmpty()) {
            problems.add("at least one weight is needed (the last must be 1)");
            return;
        }
        double previous = 0.0;
        for (double weight : weights) {
            int before = problems.size();
            checkWeight(weight, problems);
            if (problems.size() == before && weight <= previous) {
                problems.add("weights must increase: " + weight + " follows " + previous);
            }
            previous = weight;
        }
        double last = weights.get(weights.size() - 1);
        if (last != 1.0) {
            problems.add("the last weight must be 1 (the canary takes all traffic), not " + last);
        }
        if (weights.get(0) == 1.0 && weights.size() == 1) {
            problems.add("a single step of 1 is not a canary; start with a small share such as 0.05");
        }
    }

    private static void checkWeight(double weight, List<String> problems) {
        if (Double.isNaN(weight) || weight < 0.0 || weight > 1.0) {
            problems.add("weight " + weight + " is outside [0,1] (a share: 0.05 is 5 %)");
        } else if (weight == 0.0) {
            problems.add("weight 0 sends the canary nothing; steps must be above 0");
        }
    }

    private static void checkBounds(HealthBounds bounds, List<String> problems) {
        if (bounds == null) {
            problems.add("health bounds are missing");
            return;
        }
        if (Double.isNaN(bounds.maxErrorRate()) || bounds.maxErrorRate() < 0.0 || bounds.maxErrorRate() > 1.0) {
            problems.add("max error rate " + bounds.maxErrorRate() + " is outside [0,1]");
        }
        if (Double.isNaN(bounds.maxLatencyMs()) || bounds.maxLatencyMs() <= 0.0) {
            problems.add("max latency must be above 0 ms");
        }
        if (bounds.latencyStatistic() == null || !(PERCENTILE.matcher(bounds.latencyStatistic()).matches()
                || PLAIN_STATISTICS.contains(bounds.latencyStatistic()))) {
            problems.add("latency statistic '" + bounds.latencyStatistic() + "' is not pNN, Average, Maximum or Minimum");
        }
        if (bounds.minInvocations() < 0) {
            problems.add("minimum invocations must be zero or more");
        }
        for (String alarm : bounds.alarmNames()) {
            if (alarm == null || alarm.isBlank() || alarm.length() > 255) {
                problems.add("alarm name '" + alarm + "' is not an alarm name");
            }
        }
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100.0);
    }
}
