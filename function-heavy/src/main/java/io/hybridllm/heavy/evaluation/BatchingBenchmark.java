package io.hybridllm.heavy.evaluation;

import io.hybridllm.core.api.ChatMessage;
import io.hybridllm.core.model.Generation;
import io.hybridllm.core.model.GenerationParams;
import io.hybridllm.heavy.decoding.ModelFiles;
import io.hybridllm.heavy.decoding.OnnxDecoder;
import io.hybridllm.heavy.scheduling.BatchScheduler;
import io.hybridllm.heavy.scheduling.BatchingGenerator;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decoding throughput and time to first text of the batching decoder at several numbers of
 * concurrent streams (closed loop: each stream starts its next generation when one ends), through
 * the same {@link BatchingGenerator} path the HTTP endpoint uses.
 *
 * <pre>{@code
 * java -cp function-heavy/target/hybrid-llm-function-heavy-0.1.0-SNAPSHOT-runner.jar \
 *      io.hybridllm.heavy.evaluation.BatchingBenchmark [model-dir|-] [max-tokens] [intra-op-threads] \
 *      [streams,...] [generations-per-level] [device]
 * }</pre>
 * Defaults: the bundled demo model, 64, 1, {@code 1,4,8,16}, 96, auto.
 */
public final class BatchingBenchmark {

    private static final List<String> PROMPTS = List.of(
            "where is my card?", "how do I top up my account?", "what is 12 times 7?",
            "Tell me about the history of the city.", "I lost my card, what should I do?",
            "Can I change my PIN at an ATM?", "Why was my transfer declined?", "What is the capital of France?");

    private BatchingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Optional<String> dir = args.length > 0 && !args[0].equals("-") ? Optional.of(args[0]) : Optional.empty();
        int maxTokens = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int[] levels = Arrays.stream((args.length > 3 ? args[3] : "1,4,8,16").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int generations = args.length > 4 ? Integer.parseInt(args[4]) : 96;
        String device = args.length > 5 ? args[5] : "auto";
        int maxStreams = Arrays.stream(levels).max().orElse(1);
        OnnxDecoder decoder = OnnxDecoder.load(ModelFiles.resolve(dir), device, threads);
        BatchScheduler.Settings settings = new BatchScheduler.Settings(maxStreams, maxStreams, 4096,
                Duration.ofMinutes(5), 1, 503);
        try (BatchingGenerator generator = new BatchingGenerator(decoder, "benchmark", false, settings, size -> { })) {
            System.out.printf("%s: model %s (%s) on %s, intra-op threads %s, max_tokens %d, temperature 0.8, "
                            + "top_p 0.95, %d generations per level, %d CPUs visible%n", LocalDate.now(),
                    decoder.version(), decoder.graph(), decoder.provider(), threads == 0 ? "ORT default" : threads,
                    maxTokens, generations, Runtime.getRuntime().availableProcessors());
            run(generator, Math.min(4, maxStreams), Math.max(8, maxStreams), maxTokens); // warm-up: JIT, ORT arenas
            System.out.println("| streams | generations | tokens | wall s | tokens/s | vs 1 stream | "
                    + "first text p50 ms | p99 ms | mean batch |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            double single = 0;
            for (int streams : levels) {
                BatchScheduler.Stats before = generator.scheduler().stats();
                Level level = run(generator, streams, generations, maxTokens);
                BatchScheduler.Stats after = generator.scheduler().stats();
                double meanBatch = after.steps() == before.steps() ? 0
                        : (double) (after.rowsDecoded() - before.rowsDecoded()) / (after.steps() - before.steps());
                double rate = level.tokens / level.wallSeconds;
                if (streams == 1) {
                    single = rate;
                }
                System.out.printf("| %d | %d | %d | %.2f | %.0f | %s | %.1f | %.1f | %.1f |%n", streams, generations,
                        level.tokens, level.wallSeconds, rate, single > 0 ? String.format("%.2fx", rate / single) : "-",
                        pct(level.firstText, 0.5), pct(level.firstText, 0.99), meanBatch);
            }
        }
    }

    private record Level(long tokens, double wallSeconds, double[] firstText) {}

    private static Level run(BatchingGenerator generator, int streams, int generations, int maxTokens)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(streams);
        AtomicInteger next = new AtomicInteger();
        double[] firstText = new double[generations];
        long start = System.nanoTime();
        try {
            List<Future<Long>> futures = new ArrayList<>();
            for (int s = 0; s < streams; s++) {
                futures.add(pool.submit(() -> {
                    long tokens = 0;
                    for (int i = next.getAndIncrement(); i < generations; i = next.getAndIncrement()) {
                        long begin = System.nanoTime();
                        long[] first = {0};
                        // Sampled with a per-run seed so that runs do not all stop at the same eos.
                        Generation g = generator.generate(List.of(ChatMessage.user(PROMPTS.get(i % PROMPTS.size()))),
                                new GenerationParams(0.8, 0.95, maxTokens, List.of(), (long) i), delta -> {
                                    if (first[0] == 0) {
                                        first[0] = System.nanoTime();
                                    }
                                    return true;
                                });
                        firstText[i] = ((first[0] == 0 ? System.nanoTime() : first[0]) - begin) / 1e6;
                        tokens += g.completionTokens();
                    }
                    return tokens;
                }));
            }
            long tokens = 0;
            for (Future<Long> f : futures) {
                tokens += f.get();
            }
            double wall = (System.nanoTime() - start) / 1e9;
            Arrays.sort(firstText);
            return new Level(tokens, wall, firstText);
        } finally {
            pool.shutdownNow();
        }
    }

    private static double pct(double[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
