package io.hybridllm.harness.bench;

import io.hybridllm.harness.report.Percentiles;
import io.hybridllm.harness.stack.FreePorts;
import io.hybridllm.harness.stack.ManagedProcess;
import io.hybridllm.harness.stack.RepositoryLayout;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JVM start-up time (process start to a ready health check) and resident memory of each function,
 * started from its runner jar as the demo starts it.
 */
public final class StartupBenchmark {

    private static final List<String> FUNCTIONS = List.of("function-router", "function-light", "function-heavy");
    private static final Pattern QUARKUS_STARTED = Pattern.compile("started in ([0-9.]+)s");

    private final PrintStream out;

    public StartupBenchmark(PrintStream out) {
        this.out = out;
    }

    public void run(int rounds) throws IOException {
        RepositoryLayout layout = RepositoryLayout.locate();
        Path logs = layout.target("bench-logs");
        out.printf(Locale.ROOT, "JVM start-up and memory, %d rounds each (java %s, %d CPUs)%n%n", rounds,
                Runtime.version(), Runtime.getRuntime().availableProcessors());
        out.println("| function | ready p50 (ms) | ready max (ms) | Quarkus 'started in' p50 (ms) | RSS at ready (MiB) |");
        out.println("|---|---|---|---|---|");
        for (String function : FUNCTIONS) {
            List<Double> ready = new ArrayList<>();
            List<Double> started = new ArrayList<>();
            List<Double> rss = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                int port = FreePorts.next();
                Path log = logs.resolve(function + "-" + round + ".log");
                long start = System.nanoTime();
                try (ManagedProcess process = ManagedProcess.start(function, List.of(
                        ProcessHandle.current().info().command().orElse("java"), "-Xmx512m",
                        "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                        "-jar", layout.runnerJar(function).toString()), log)) {
                    process.awaitHttpOk("http://127.0.0.1:" + port + "/q/health/ready", Duration.ofSeconds(120));
                    ready.add((System.nanoTime() - start) / 1e6);
                    rss.add(residentMiB(process.pid()));
                    quarkusStartedMs(log).ifPresent(started::add);
                }
            }
            Percentiles r = new Percentiles(ready);
            out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f |%n", function, r.at(50), r.at(100),
                    new Percentiles(started).at(50), new Percentiles(rss).at(50));
        }
    }

    private static java.util.Optional<Double> quarkusStartedMs(Path log) throws IOException {
        Matcher matcher = QUARKUS_STARTED.matcher(Files.readString(log));
        return matcher.find() ? java.util.Optional.of(Double.parseDouble(matcher.group(1)) * 1000)
                : java.util.Optional.empty();
    }

    /** VmRSS of a process, from Linux's /proc. */
    static double residentMiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }
}
