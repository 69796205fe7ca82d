package io.hybridllm.harness.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hybridllm.harness.report.Percentiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Sums up a replay: who answered, how well the light tier did, how fast, and what it saved. */
public final class DemoReport {

    private static final List<String> TIERS = List.of("cache", "light", "heavy");

    private final List<Outcome> outcomes;
    private final double seconds;
    private final int concurrency;
    private final String cacheBackend;

    public DemoReport(List<Outcome> outcomes, double seconds, int concurrency, String cacheBackend) {
        this.outcomes = List.copyOf(outcomes);
        this.seconds = seconds;
        this.concurrency = concurrency;
        this.cacheBackend = cacheBackend;
    }

    private long count(java.util.function.Predicate<Outcome> predicate) {
        return outcomes.stream().filter(predicate).count();
    }

    public long tierCount(String tier) {
        return count(o -> o.ok() && tier.equals(o.tier()));
    }

    public long lightAnswered() {
        return count(o -> o.ok() && "light".equals(o.tier()) && o.item().isBanking() && !o.degraded());
    }

    public long lightCorrect() {
        return count(o -> o.ok() && "light".equals(o.tier()) && o.item().isBanking() && !o.degraded()
                && o.item().expectedIntent().equals(o.intent()));
    }

    /** Questions with no banking intent (out-of-scope, maths, exam) that the light tier answered anyway. */
    public long lightFalsePositives() {
        return count(o -> o.ok() && "light".equals(o.tier()) && !o.item().isBanking() && !o.degraded());
    }

    public long bankingQueries() {
        return count(o -> o.item().isBanking());
    }

    public long bankingByCacheOrLight() {
        return count(o -> o.ok() && o.item().isBanking() && !o.degraded()
                && ("cache".equals(o.tier()) || "light".equals(o.tier())));
    }

    public long errors() {
        return count(o -> !o.ok());
    }

    public long heavyCalls() {
        return tierCount("heavy");
    }

    /** Heavy answers the light tier never saw: the complexity score sent them to heavy directly. */
    public long scoredStraightToHeavy() {
        return count(o -> "heavy".equals(o.tier()) && !o.escalated());
    }

    /** Requests answered without the heavy model; failed requests saved nothing. */
    public long heavyCallsAvoided() {
        return count(o -> o.ok() && !"heavy".equals(o.tier()));
    }

    public ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        root.put("requests", outcomes.size());
        root.put("durationSeconds", round(seconds));
        root.put("concurrency", concurrency);
        root.put("cacheBackend", cacheBackend);
        ObjectNode tiers = root.putObject("tiers");
        TIERS.forEach(t -> tiers.put(t, tierCount(t)));
        ObjectNode light = root.putObject("light");
        light.put("answered", lightAnswered());
        light.put("correct", lightCorrect());
        light.put("accuracy", round(ratio(lightCorrect(), lightAnswered())));
        light.put("answeredNonBanking", lightFalsePositives());
        light.put("nonBankingQueries", count(o -> !o.item().isBanking()));
        ObjectNode banking = root.putObject("banking77");
        banking.put("queries", bankingQueries());
        banking.put("answeredByCacheOrLight", bankingByCacheOrLight());
        banking.put("shareByCacheOrLight", round(ratio(bankingByCacheOrLight(), bankingQueries())));
        long firstTime = count(o -> o.item().kind().equals("banking77"));
        banking.put("firstTimeQueries", firstTime);
        banking.put("firstTimeAnsweredByLight", count(o -> o.ok() && o.item().kind().equals("banking77")
                && "light".equals(o.tier()) && !o.degraded()));
        banking.put("cacheHitsWithCorrectIntent", count(o -> o.ok() && "cache".equals(o.tier())
                && o.item().isBanking() && o.item().expectedIntent().equals(o.intent())));
        root.put("escalations", count(Outcome::escalated));
        root.put("scoredStraightToHeavy", scoredStraightToHeavy());
        root.put("degraded", count(Outcome::degraded));
        root.put("errors", errors());
        root.put("heavyCalls", heavyCalls());
        root.put("heavyCallsAvoided", heavyCallsAvoided());
        root.put("heavyCallsAvoidedShare", round(ratio(heavyCallsAvoided(), outcomes.size())));
        ObjectNode latency = root.putObject("latencyMs");
        for (String tier : TIERS) {
            Percentiles p = latencies(tier);
            ObjectNode node = latency.putObject(tier);
            node.put("count", p.count());
            node.put("p50", round(p.at(50)));
            node.put("p95", round(p.at(95)));
            node.put("p99", round(p.at(99)));
        }
        Percentiles overhead = routerOverhead();
        ObjectNode router = root.putObject("routerOwnMs");
        router.put("p50", round(overhead.at(50)));
        router.put("p95", round(overhead.at(95)));
        router.put("p99", round(overhead.at(99)));
        ObjectNode kinds = root.putObject("byKind");
        byKind().forEach((kind, perTier) -> {
            ObjectNode node = kinds.putObject(kind);
            perTier.forEach(node::put);
        });
        return root;
    }

    /** The report as a newcomer reads it. */
    public String toText() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%nhybrid-llm demo: %d requests in %.1f s (%.1f req/s, %d concurrent), "
                + "cache: %s%n", outcomes.size(), seconds, outcomes.size() / seconds, concurrency, cacheBackend));
        out.append(String.format(Locale.ROOT, "%nWho answered          requests   share    p50 ms    p95 ms    p99 ms%n"));
        for (String tier : TIERS) {
            Percentiles p = latencies(tier);
            out.append(String.format(Locale.ROOT, "  %-18s %9d  %5.1f%%  %8.1f  %8.1f  %8.1f%n", label(tier, cacheBackend),
                    tierCount(tier), 100 * ratio(tierCount(tier), outcomes.size()), p.at(50), p.at(95), p.at(99)));
        }
        if (errors() > 0) {
            out.append(String.format(Locale.ROOT, "  %-18s %9d%n", "failed", errors()));
        }
        Percentiles overhead = routerOverhead();
        out.append(String.format(Locale.ROOT, "  (latency as the client saw it, with all functions, Redis and the client "
                + "sharing this machine's %d CPUs;%n   the router's own work per request, cache lookup and scoring: "
                + "p50 %.2f ms, p99 %.2f ms)%n", Runtime.getRuntime().availableProcessors(), overhead.at(50),
                overhead.at(99)));
        out.append(String.format(Locale.ROOT, "%nBy kind of question   cache    light    heavy%n"));
        byKind().forEach((kind, perTier) -> out.append(String.format(Locale.ROOT, "  %-18s %6d   %6d   %6d%n", kind,
                perTier.getOrDefault("cache", 0L), perTier.getOrDefault("light", 0L), perTier.getOrDefault("heavy", 0L))));
        out.append(String.format(Locale.ROOT, "%nLight tier on labelled banking77 questions: answered %d, right intent %d "
                + "(%.1f%%)%n", lightAnswered(), lightCorrect(), 100 * ratio(lightCorrect(), lightAnswered())));
        long others = count(o -> !o.item().isBanking());
        out.append(String.format(Locale.ROOT, "Light tier on the %d questions that are not about banking: answered %d "
                + "with a banking answer (it should abstain on all of them)%n", others, lightFalsePositives()));
        out.append(String.format(Locale.ROOT, "banking77 questions answered without the heavy model (cache or light): "
                + "%d of %d (%.1f%%); a cache hit replays an earlier answer of either tier%n", bankingByCacheOrLight(),
                bankingQueries(), 100 * ratio(bankingByCacheOrLight(), bankingQueries())));
        out.append(String.format(Locale.ROOT, "Escalations (light tier unsure, passed to heavy): %d; degraded answers "
                + "(one tier down, the other's answer served): %d%n", count(Outcome::escalated), count(Outcome::degraded)));
        out.append(String.format(Locale.ROOT, "Heavy model calls: %d (%d escalations + %d sent straight to heavy by the "
                + "complexity score); sending everything to heavy would have made %d: %d calls avoided (%.1f%%)%n",
                heavyCalls(), count(Outcome::escalated), scoredStraightToHeavy(), outcomes.size(), heavyCallsAvoided(),
                100 * ratio(heavyCallsAvoided(), outcomes.size())));
        return out.toString();
    }

    private static String label(String tier, String cacheBackend) {
        return switch (tier) {
            case "cache" -> cacheBackend.startsWith("in-process") ? "cache (in-process)" : "cache (Redis)";
            case "light" -> "light (INT8, CPU)";
            default -> "heavy (decoder)";
        };
    }

    private Map<String, Map<String, Long>> byKind() {
        Map<String, Map<String, Long>> kinds = new TreeMap<>();
        for (Outcome o : outcomes) {
            Map<String, Long> perTier = kinds.computeIfAbsent(o.item().kind(), k -> new LinkedHashMap<>());
            perTier.merge(o.ok() ? o.tier() : "failed", 1L, Long::sum);
        }
        return kinds;
    }

    private Percentiles latencies(String tier) {
        List<Double> values = new ArrayList<>();
        outcomes.stream().filter(o -> o.ok() && tier.equals(o.tier())).forEach(o -> values.add(o.latencyMs()));
        return new Percentiles(values);
    }

    private Percentiles routerOverhead() {
        List<Double> values = new ArrayList<>();
        outcomes.stream().filter(Outcome::ok).forEach(o -> values.add(o.routerMs()));
        return new Percentiles(values);
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? 0.0 : (double) part / whole;
    }

    private static double round(double value) {
        return Double.isNaN(value) ? 0.0 : Math.round(value * 1000.0) / 1000.0;
    }
}
