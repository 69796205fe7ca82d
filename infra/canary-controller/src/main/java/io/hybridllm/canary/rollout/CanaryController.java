package io.hybridllm.canary.rollout;

import io.hybridllm.canary.alias.AliasControl;
import io.hybridllm.canary.alias.AliasState;
import io.hybridllm.canary.failures.AliasStateException;
import io.hybridllm.canary.failures.AwsCallException;
import io.hybridllm.canary.failures.CanaryException;
import io.hybridllm.canary.failures.InvalidInputException;
import io.hybridllm.canary.health.CanaryHealth;
import io.hybridllm.canary.health.HealthJudge;
import io.hybridllm.canary.health.HealthSource;
import io.hybridllm.canary.health.Judgement;
import io.hybridllm.canary.health.Verdict;
import io.hybridllm.canary.plan.PlanValidation;
import io.hybridllm.canary.plan.RolloutPlan;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Moves an alias to a canary version step by step (by default 5 % → 25 % → 100 %). After each step
 * below 100 % it waits the bake time and judges the canary's own metrics; healthy moves on,
 * unhealthy (or still too little traffic after the allowed extra waits) routes everything back to the
 * primary. Before every change it re-reads the alias: if someone else moved it, it stops and leaves
 * the alias alone. If a call fails or the wait is interrupted mid-rollout, it rolls back before
 * reporting the failure.
 */
public final class CanaryController {

    private final AliasControl aliases;
    private final HealthSource health;
    private final Pause pause;
    private final Clock clock;
    private final Consumer<String> log;

    public CanaryController(AliasControl aliases, HealthSource health, Pause pause, Clock clock, Consumer<String> log) {
        this.aliases = aliases;
        this.health = health;
        this.pause = pause;
        this.clock = clock;
        this.log = log;
    }

    public RolloutOutcome run(RolloutPlan plan) throws CanaryException, InterruptedException {
        AliasState start = aliases.read(plan.functionName(), plan.alias());
        PlanValidation.against(plan, start, aliases.publishedVersions(plan.functionName()));
        String primary = start.primaryVersion();
        log.accept("rollout " + plan.functionName() + ":" + plan.alias() + " from version " + primary
                + " to " + plan.canaryVersion() + ", steps " + plan.weights() + ", bake " + plan.bake());
        List<StepRecord> steps = new ArrayList<>();
        AliasState current = start;
        try {
            for (double weight : plan.weights()) {
                current = expectUnchanged(plan, current);
                if (weight == 1.0) {
                    current = aliases.promote(current, plan.canaryVersion());
                    steps.add(new StepRecord(1.0, Optional.empty(), new Judgement(Verdict.HEALTHY, "promoted")));
                    log.accept("promoted: " + current);
                    return new RolloutOutcome(true, current, "every step within bounds", steps);
                }
                current = aliases.route(current, plan.canaryVersion(), weight);
                log.accept("routing: " + current);
                StepRecord step = bake(plan, weight);
                steps.add(step);
                if (step.judgement().verdict() != Verdict.HEALTHY) {
                    String reason = step.judgement().verdict() == Verdict.UNHEALTHY
                            ? step.judgement().reason()
                            : "still " + step.judgement().reason() + " after " + (plan.extraBakes() + 1) + " bake periods";
                    current = expectUnchanged(plan, current);
                    AliasState back = aliases.rollback(plan.functionName(), plan.alias(), primary);
                    log.accept("rolled back at " + percent(weight) + ": " + reason + "; " + back);
                    return new RolloutOutcome(false, back, reason, steps);
                }
            }
            throw new IllegalStateException("validated weights end at 1");
        } catch (AwsCallException | InterruptedException | InvalidInputException e) {
            rollbackAfterFailure(plan, primary, e);
            throw e;
        }
    }

    private StepRecord bake(RolloutPlan plan, double weight) throws AwsCallException, InterruptedException {
        Instant stepStart = clock.instant();
        StepRecord last = null;
        for (int attempt = 0; attempt <= plan.extraBakes(); attempt++) {
            pause.sleep(plan.bake());
            CanaryHealth measured = health.measure(plan.functionName(), plan.alias(), plan.canaryVersion(),
                    stepStart, clock.instant(), plan.bounds());
            Judgement judgement = HealthJudge.judge(measured, plan.bounds());
            log.accept("  at " + percent(weight) + ": " + judgement.verdict() + " — " + judgement.reason());
            last = new StepRecord(weight, Optional.of(measured), judgement);
            if (judgement.verdict() != Verdict.INSUFFICIENT_DATA) {
                return last;
            }
        }
        return last;
    }

    private AliasState expectUnchanged(RolloutPlan plan, AliasState expected)
            throws InvalidInputException, AwsCallException, AliasStateException {
        AliasState now = aliases.read(plan.functionName(), plan.alias());
        boolean same = now.primaryVersion().equals(expected.primaryVersion())
                && (expected.isPlain() ? now.isPlain() : now.routesTo(expected.canaryVersion().get(), expected.canaryWeight()));
        if (!same) {
            throw new AliasStateException("alias changed during the rollout: expected " + expected + ", found " + now
                    + "; leaving it as it is");
        }
        return now;
    }

    private void rollbackAfterFailure(RolloutPlan plan, String primary, Exception failure) {
        try {
            AliasState back = aliases.rollback(plan.functionName(), plan.alias(), primary);
            log.accept("rolled back after " + failure.getMessage() + ": " + back);
        } catch (CanaryException e) {
            failure.addSuppressed(e);
            log.accept("ROLLBACK FAILED after " + failure.getMessage() + ": " + e.getMessage()
                    + " — point " + plan.functionName() + ":" + plan.alias() + " at version " + primary + " by hand");
        }
    }

    private static String percent(double share) {
        return String.format(java.util.Locale.ROOT, "%.1f %%", share * 100.0);
    }
}
