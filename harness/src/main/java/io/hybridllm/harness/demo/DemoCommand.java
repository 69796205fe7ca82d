package io.hybridllm.harness.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hybridllm.harness.stack.LocalStack;
import io.hybridllm.harness.stack.RedisProcess;
import io.hybridllm.harness.stack.RepositoryLayout;
import io.hybridllm.harness.traffic.TrafficItem;
import io.hybridllm.harness.traffic.TrafficMix;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The main job: start Redis and the three functions on loopback, replay a real traffic mix through
 * the router, print what happened and write {@code target/demo-report.json}.
 */
public final class DemoCommand {

    /**
     * @param sizes how many questions of each kind
     * @param concurrency requests in flight at once
     * @param redis "auto" (a private redis-server when one is installed), "none", or a redis:// URL
     * @param maxTokens max_tokens sent with every request
     * @param seed sampling seed for the mix
     * @param warmup requests sent first and left out of the report, so that the numbers describe warm
     *               functions rather than the JIT compiler's first minutes
     */
    public record Options(TrafficMix.Sizes sizes, int concurrency, String redis, int maxTokens, long seed,
                          int warmup) {
        public static final Options DEFAULT = new Options(TrafficMix.Sizes.DEMO, 2, "auto", 48, 42, 100);
    }

    private final PrintStream out;

    public DemoCommand(PrintStream out) {
        this.out = out;
    }

    public DemoReport run(Options options) throws Exception {
        RepositoryLayout layout = RepositoryLayout.locate();
        List<TrafficItem> mix = TrafficMix.build(layout, options.sizes(), options.seed());
        Path logs = layout.target("demo-logs");
        RedisProcess redis = null;
        String redisUrl = null;
        String cacheBackend;
        if (options.redis().startsWith("redis://")) {
            redisUrl = options.redis();
            cacheBackend = "Redis at " + redisUrl;
        } else if ("auto".equals(options.redis()) && RedisProcess.binary().isPresent()) {
            redis = RedisProcess.start(logs);
            redisUrl = redis.url();
            cacheBackend = "Redis (private redis-server on port " + redis.port() + ")";
        } else {
            cacheBackend = "in-process (no Redis configured)";
        }
        out.printf("Starting Redis and the three functions (logs in %s) ...%n", layout.root().relativize(logs));
        try (RedisProcess ownedRedis = redis;
             LocalStack stack = LocalStack.builder().logDir(logs).redis(redisUrl).start()) {
            out.printf("  router %s   light %s   heavy %s   cache: %s%n", stack.routerUrl(), stack.lightUrl(),
                    stack.heavyUrl(), cacheBackend);
            out.printf("Replaying %d real questions: %d banking77 (+%d repeats), %d CLINC150 out-of-scope, "
                            + "%d GSM8K, %d MMLU ...%n", mix.size(), options.sizes().banking(), options.sizes().repeats(),
                    options.sizes().outOfScope(), options.sizes().gsm8k(), options.sizes().mmlu());
            if (options.warmup() > 0) {
                int w = options.warmup();
                List<TrafficItem> warmup = TrafficMix.build(layout,
                        new TrafficMix.Sizes(w * 6 / 10, w / 10, w / 10, w / 10, w - w * 6 / 10 - 3 * (w / 10)),
                        options.seed() + 1);
                out.printf("Warming up with %d requests (not counted) ...%n", warmup.size());
                replay(warmup, new RouterClient(stack.routerUrl(), "warmup-" + System.currentTimeMillis(),
                        options.maxTokens()), options.concurrency(), false);
            }
            // A fresh tenant per run: the cache only ever holds what this run answered.
            RouterClient client = new RouterClient(stack.routerUrl(), "demo-" + System.currentTimeMillis(),
                    options.maxTokens());
            long start = System.nanoTime();
            List<Outcome> outcomes = replay(mix, client, options.concurrency(), true);
            double seconds = (System.nanoTime() - start) / 1e9;
            DemoReport report = new DemoReport(outcomes, seconds, options.concurrency(), cacheBackend);
            out.print(report.toText());
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            Path json = layout.target("demo-report.json");
            Files.createDirectories(json.getParent());
            mapper.writeValue(json.toFile(), report.toJson(mapper));
            out.printf("%nReport written to %s%n", layout.root().relativize(json));
            return report;
        }
    }

    private List<Outcome> replay(List<TrafficItem> mix, RouterClient client, int concurrency, boolean showProgress)
            throws Exception {
        ProgressBar progress = showProgress ? new ProgressBar(System.err, mix.size()) : null;
        AtomicInteger done = new AtomicInteger();
        AtomicInteger heavy = new AtomicInteger();
        List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            // Requests are sent in order, so a repeat normally arrives after its original was cached.
            List<Future<?>> futures = new ArrayList<>();
            for (TrafficItem item : mix) {
                futures.add(pool.submit(() -> {
                    Outcome outcome = client.send(item);
                    outcomes.add(outcome);
                    if ("heavy".equals(outcome.tier())) {
                        heavy.incrementAndGet();
                    }
                    int finished = done.incrementAndGet();
                    if (progress != null) {
                        progress.update(finished, "heavy calls so far: " + heavy.get());
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return outcomes;
    }
}
