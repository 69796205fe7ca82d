package io.hybridllm.harness;

import io.hybridllm.harness.bench.StartupBenchmark;
import io.hybridllm.harness.demo.DemoCommand;
import io.hybridllm.harness.traffic.TrafficMix;
import java.util.Arrays;
import java.util.Iterator;

/** Entry point of the local harness. Usage: {@code java -jar harness/target/harness.jar demo [options]}. */
public final class HarnessMain {

    private static final String USAGE = """
            usage: harness bench-startup [--rounds N]
                   harness demo [--concurrency N] [--redis auto|none|redis://HOST:PORT] [--max-tokens N]
                                [--banking N] [--repeats N] [--oos N] [--gsm8k N] [--mmlu N] [--seed N]
                                [--warmup N]

              demo            start Redis and the three functions on loopback, replay real traffic
                              through the router, print a report and write target/demo-report.json
                              (defaults: 2 concurrent, 100 warm-up requests not counted, max-tokens 48)
              bench-startup   start each function from its runner jar N times (default 3) and print
                              start-up time and resident memory
            """;

    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && "bench-startup".equals(args[0])) {
            int rounds = args.length == 3 && "--rounds".equals(args[1]) ? positive("--rounds", args[2]) : 3;
            new StartupBenchmark(System.out).run(rounds);
            return;
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
