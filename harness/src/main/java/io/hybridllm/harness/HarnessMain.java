package io.hybridllm.harness;

import io.hybridllm.harness.bench.StartupBenchmark;
import io.hybridllm.harness.demo.DemoCommand;
import io.hybridllm.harness.evaluation.RoutingEvaluation;
import io.hybridllm.harness.training.LogisticHeadTrainer;
import io.hybridllm.harness.training.RouterTraining;
import io.hybridllm.router.scoring.LearnedHead;
import io.hybridllm.harness.traffic.TrafficMix;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Entry point of the local harness. Usage: {@code java -jar harness/target/harness.jar demo [options]}. */
public final class HarnessMain {

    private static final String USAGE = """
            usage: harness bench-startup [--rounds N]
                   harness eval-routing --data DIR [--weak COL --strong COL] --out FILE.json
                                [--router learned|features|random] [--head FILE.json] [--seed N]
                   harness train-router [--data DIR] [--banking CSV] [--banking-sample N] [--head FILE.json]
                                [--report-dir DIR] [--seed N] [--epochs N] [--learning-rate X] [--max-tokens N]
                                [--label weak-wrong|heavy-needed] [--question-stems true|false]
                   harness demo [--concurrency N] [--redis auto|none|redis://HOST:PORT] [--max-tokens N]
                                [--banking N] [--repeats N] [--oos N] [--gsm8k N] [--mmlu N] [--seed N]
                                [--warmup N]

              demo            start Redis and the three functions on loopback, replay real traffic
                              through the router, print a report and write target/demo-report.json
                              (defaults: 2 concurrent, 100 warm-up requests not counted, max-tokens 48)
              eval-routing    score every prompt of a RouteLLM-format CSV directory with a router
                              (default: the router's bundled learned scorer), sweep 0-100 % heavy
                              calls, write APGR, CPT(50%), CPT(80%), baselines and the curve to
                              FILE.json and the plot to FILE.png
              train-router    fit the router's learned head (seeded; defaults: data/routing, 2000 banking77
                              light examples, seed 42, 10 epochs, learning rate 0.02, label weak-wrong) after measuring it by MMLU leave-one-subject-out
                              and GSM8K folds (reports in --report-dir, default harness/results/routing);
                              writes function-router/src/main/resources/scoring/learned-head.json
              bench-startup   start each function from its runner jar N times (default 3) and print
                              start-up time and resident memory
            """;

    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && "bench-startup".equals(args[0])) {
            int rounds = args.length == 3 && "--rounds".equals(args[1]) ? positive("--rounds", args[2]) : 3;
            new StartupBenchmark(System.out).run(rounds);
            return;
        }
        if (args.length >= 1 && "eval-routing".equals(args[0])) {
            System.exit(evalRouting(Arrays.asList(args).subList(1, args.length)));
        }
        if (args.length >= 1 && "train-router".equals(args[0])) {
            System.exit(trainRouter(Arrays.asList(args).subList(1, args.length)));
        }
        if (args.length == 0 || !"demo".equals(args[0])) {
            System.err.print(USAGE);
            System.exit(args.length == 0 ? 0 : 2);
        }
        DemoCommand.Options defaults = DemoCommand.Options.DEFAULT;
        TrafficMix.Sizes s = defaults.sizes();
        int banking = s.banking(), repeats = s.repeats(), oos = s.outOfScope(), gsm8k = s.gsm8k(), mmlu = s.mmlu();
        int concurrency = defaults.concurrency(), maxTokens = defaults.maxTokens();
        String redis = defaults.redis();
        long seed = defaults.seed();
        int warmup = defaults.warmup();
        Iterator<String> it = Arrays.asList(args).subList(1, args.length).iterator();
        try {
            while (it.hasNext()) {
                String flag = it.next();
                if (!it.hasNext()) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                String value = it.next();
                switch (flag) {
                    case "--concurrency" -> concurrency = positive(flag, value);
                    case "--redis" -> redis = value;
                    case "--max-tokens" -> maxTokens = positive(flag, value);
                    case "--banking" -> banking = positive(flag, value);
                    case "--repeats" -> repeats = nonNegative(flag, value);
                    case "--oos" -> oos = nonNegative(flag, value);
                    case "--gsm8k" -> gsm8k = nonNegative(flag, value);
                    case "--mmlu" -> mmlu = nonNegative(flag, value);
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--warmup" -> warmup = nonNegative(flag, value);
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                }
            }
            if (!redis.equals("auto") && !redis.equals("none") && !redis.startsWith("redis://")) {
                throw new IllegalArgumentException("--redis must be auto, none or a redis:// URL");
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
        }
        new DemoCommand(System.out).run(new DemoCommand.Options(
                new TrafficMix.Sizes(banking, repeats, oos, gsm8k, mmlu), concurrency, redis, maxTokens, seed, warmup));
    }

    private static int evalRouting(List<String> args) throws Exception {
        Map<String, String> flags;
        try {
            flags = flags(args, Set.of("--data", "--weak", "--strong", "--out", "--router", "--head", "--seed"));
            if (!flags.containsKey("--data") || !flags.containsKey("--out")) {
                throw new IllegalArgumentException("eval-routing needs --data DIR and --out FILE.json");
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            return 2;
        }
        new RoutingEvaluation(System.out).run(new RoutingEvaluation.Options(Path.of(flags.get("--data")),
                Optional.ofNullable(flags.get("--weak")), Optional.ofNullable(flags.get("--strong")),
                Path.of(flags.get("--out")), flags.getOrDefault("--router", "learned"),
                Optional.ofNullable(flags.get("--head")).map(Path::of), Long.parseLong(flags.getOrDefault("--seed", "1")),
                Path.of("target", "routing-embeddings")));
        return 0;
    }

    private static int trainRouter(List<String> args) throws Exception {
        Map<String, String> f;
        try {
            f = flags(args, Set.of("--data", "--banking", "--banking-sample", "--head", "--report-dir", "--seed",
                    "--epochs", "--learning-rate", "--max-tokens", "--label", "--question-stems"));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            return 2;
        }
        new RouterTraining(System.out).run(new RouterTraining.Options(
                Path.of(f.getOrDefault("--data", "data/routing")),
                Path.of(f.getOrDefault("--banking", "data/banking77/train.csv")),
                nonNegative("--banking-sample", f.getOrDefault("--banking-sample", "2000")),
                Path.of(f.getOrDefault("--head", "function-router/src/main/resources/" + LearnedHead.RESOURCE)),
                Path.of(f.getOrDefault("--report-dir", "harness/results/routing")),
                new LogisticHeadTrainer.Settings(Double.parseDouble(f.getOrDefault("--learning-rate", "0.02")),
                        positive("--epochs", f.getOrDefault("--epochs", "10")), Long.parseLong(f.getOrDefault("--seed", "42"))),
                positive("--max-tokens", f.getOrDefault("--max-tokens", "256")),
                Path.of("target", "routing-embeddings"),
                RouterTraining.Label.valueOf(f.getOrDefault("--label", "weak-wrong").toUpperCase(Locale.ROOT).replace('-', '_')),
                Boolean.parseBoolean(f.getOrDefault("--question-stems", "true"))));
        return 0;
    }

    /** {@code --flag value} pairs; each flag at most once and from {@code known}. */
    private static Map<String, String> flags(List<String> args, Set<String> known) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i += 2) {
            String flag = args.get(i);
            if (!known.contains(flag)) {
                throw new IllegalArgumentException("unknown option " + flag);
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            if (flags.put(flag, args.get(i + 1)) != null) {
                throw new IllegalArgumentException(flag + " given twice");
            }
        }
        return flags;
    }

    private static int positive(String flag, String value) {
        int n = nonNegative(flag, value);
        if (n == 0) {
            throw new IllegalArgumentException(flag + " must be at least 1");
        }
        return n;
    }

    private static int nonNegative(String flag, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n < 0) {
                throw new IllegalArgumentException(flag + " must not be negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a whole number, got '" + value + "'");
        }
    }
}
