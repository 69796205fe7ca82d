package io.hybridllm.canary.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridllm.canary.alias.AliasControl;
import io.hybridllm.canary.alias.AliasState;
import io.hybridllm.canary.failures.AliasStateException;
import io.hybridllm.canary.failures.AwsCallException;
import io.hybridllm.canary.failures.InvalidInputException;
import io.hybridllm.canary.health.CanaryHealth;
import io.hybridllm.canary.health.HealthSource;
import io.hybridllm.canary.health.Verdict;
import io.hybridllm.canary.plan.HealthBounds;
import io.hybridllm.canary.plan.PlanValidation;
import io.hybridllm.canary.plan.RolloutPlan;
import io.hybridllm.canary.plan.RolloutRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The controller's decisions, against an in-memory alias and scripted health readings. */
class CanaryControllerTest {

    /** An alias that behaves like Lambda's for the operations the controller uses. */
    static final class MemoryAlias implements AliasControl {
        AliasState state = new AliasState("fn", "live", "1", Optional.empty(), 0, "r0");
        final Set<String> published = Set.of("1", "2", "3");
        final List<String> calls = new ArrayList<>();
        int revision;
        AwsCallException failRouteWith;

        @Override
        public AliasState read(String functionName, String alias) {
            return state;
        }

        @Override
        public Set<String> publishedVersions(String functionName) {
            return published;
        }

        @Override
        public AliasState route(AliasState from, String canary, double weight) throws InvalidInputException, AwsCallException {
            PlanValidation.weight(weight);
            if (failRouteWith != null) {
                throw failRouteWith;
            }
            calls.add("route " + canary + " " + weight);
            return set(from.primaryVersion(), canary, weight);
        }

        @Override
        public AliasState promote(AliasState from, String canary) {
            calls.add("promote " + canary);
            return set(canary, null, 0);
        }

        @Override
        public AliasState rollback(String functionName, String alias, String primary) {
            calls.add("rollback " + primary);
            return set(primary, null, 0);
        }

        AliasState set(String primary, String canary, double weight) {
            state = new AliasState("fn", "live", primary, Optional.ofNullable(canary), weight, "r" + (++revision));
            return state;
        }
    }

    /** Health readings handed out in order, one per bake period. */
    static final class Script implements HealthSource {
        final Deque<CanaryHealth> readings = new ArrayDeque<>();
        final List<String> measured = new ArrayList<>();

        Script then(long invocations, long errors, Double latency) {
            readings.add(new CanaryHealth(Instant.EPOCH, Instant.EPOCH, invocations, errors,
                    latency == null ? OptionalDouble.empty() : OptionalDouble.of(latency), List.of()));
            return this;
        }

        @Override
        public CanaryHealth measure(String functionName, String alias, String version, Instant from, Instant to,
                                    HealthBounds bounds) {
            measured.add(functionName + ":" + alias + "@" + version);
            return readings.isEmpty() ? new CanaryHealth(from, to, 0, 0, OptionalDouble.empty(), List.of())
                    : readings.removeFirst();
        }
    }

    final MemoryAlias alias = new MemoryAlias();
    final Script health = new Script();
    final List<Duration> pauses = new ArrayList<>();
    final List<String> log = new ArrayList<>();
    Pause pause = pauses::add;

    RolloutOutcome run(String canary, int extraBakes) throws Exception {
        RolloutPlan plan = PlanValidation.plan(new RolloutRequest("fn", Optional.empty(), canary, Optional.empty(),
                List.of(0.05, 0.25, 1.0), Duration.ofMinutes(5), extraBakes,
                new HealthBounds(0.01, 500, "p99", 20, List.of())));
        return new CanaryController(alias, health, pause, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), log::add).run(plan);
    }

    @Test
    void aHealthyCanaryGoesFivePercentTwentyFiveThenAll() throws Exception {
        health.then(100, 0, 40.0).then(400, 1, 45.0);
        RolloutOutcome outcome = run("2", 0);
        assertTrue(outcome.promoted());
        assertEquals(List.of("route 2 0.05", "route 2 0.25", "promote 2"), alias.calls);
        assertEquals("2", alias.state.primaryVersion());
        assertTrue(alias.state.isPlain());
        assertEquals(List.of(Duration.ofMinutes(5), Duration.ofMinutes(5)), pauses);
        assertEquals(List.of("fn:live@2", "fn:live@2"), health.measured);
        assertEquals(0, outcome.exitStatus());
    }

    @Test
    void errorsAtTwentyFivePercentRollBackToThePrimary() throws Exception {
        health.then(100, 0, 40.0).then(400, 40, 45.0);
        RolloutOutcome outcome = run("2", 0);
        assertFalse(outcome.promoted());
        assertEquals(List.of("route 2 0.05", "route 2 0.25", "rollback 1"), alias.calls);
        assertEquals("1", alias.state.primaryVersion());
        assertTrue(alias.state.isPlain());
        assertTrue(outcome.reason().contains("error rate 0.1000"), outcome.reason());
        assertEquals(List.of(Verdict.HEALTHY, Verdict.UNHEALTHY),
                outcome.steps().stream().map(s -> s.judgement().verdict()).toList());
        assertEquals(1, outcome.exitStatus());
    }

    @Test
    void slowCanaryRollsBackAtTheFirstStep() throws Exception {
        health.then(100, 0, 900.0);
        RolloutOutcome outcome = run("2", 0);
        assertFalse(outcome.promoted());
        assertEquals(List.of("route 2 0.05", "rollback 1"), alias.calls);
    }

    @Test
    void littleTrafficEarnsExtraBakesThenCounts() throws Exception {
        health.then(3, 0, 10.0).then(50, 0, 10.0).then(300, 0, 12.0);
        RolloutOutcome outcome = run("2", 1);
        assertTrue(outcome.promoted());
        assertEquals(3, pauses.size());
    }

    @Test
    void tooLittleTrafficAfterEveryExtraBakeRollsBack() throws Exception {
        health.then(3, 0, 10.0).then(4, 0, 10.0).then(5, 0, 10.0);
        RolloutOutcome outcome = run("2", 2);
        assertFalse(outcome.promoted());
        assertEquals(3, pauses.size());
        assertTrue(outcome.reason().contains("after 3 bake periods"), outcome.reason());
        assertEquals(List.of("route 2 0.05", "rollback 1"), alias.calls);
    }

    @Test
    void anAliasMovedBySomeoneElseIsLeftAlone() throws Exception {
        health.then(100, 0, 40.0);
        pause = d -> alias.set("3", null, 0); // another deploy during the bake
        AliasStateException e = assertThrows(AliasStateException.class, () -> run("2", 0));
        assertTrue(e.getMessage().contains("alias changed during the rollout"), e.getMessage());
        assertEquals(List.of("route 2 0.05"), alias.calls);
        assertEquals("3", alias.state.primaryVersion());
    }

    @Test
    void aFailedCallRollsBackBeforeReporting() throws Exception {
        alias.failRouteWith = new AwsCallException("UpdateAlias fn:live", new RuntimeException("throttled"));
        assertThrows(AwsCallException.class, () -> run("2", 0));
        assertEquals(List.of("rollback 1"), alias.calls);
    }

    @Test
    void anInterruptedBakeRollsBack() throws Exception {
        pause = d -> {
            throw new InterruptedException("stop");
        };
        assertThrows(InterruptedException.class, () -> run("2", 0));
        assertEquals(List.of("route 2 0.05", "rollback 1"), alias.calls);
    }

    @Test
    void anUnpublishedCanaryChangesNothing() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> run("9", 0));
        assertTrue(e.getMessage().contains("not a published version"), e.getMessage());
        assertEquals(List.of(), alias.calls);
    }
}
