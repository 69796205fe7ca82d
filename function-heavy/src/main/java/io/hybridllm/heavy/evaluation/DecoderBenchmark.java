package io.hybridllm.heavy.evaluation;

import io.hybridllm.core.api.ChatMessage;
import io.hybridllm.core.model.Generation;
import io.hybridllm.core.model.GenerationParams;
import io.hybridllm.heavy.decoding.ModelFiles;
import io.hybridllm.heavy.decoding.OnnxDecoderGenerator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Single-stream decoding speed of a model directory (default: the bundled demo model):
 * time to first streamed text (p50/p99) and decode throughput in tokens/s.
 *
 * <pre>{@code
 * java -cp "target/classes:target/lib/*" ... io.hybridllm.heavy.evaluation.DecoderBenchmark [model-dir] [runs] [max-tokens] [threads]
 * }</pre>
 * (see function-heavy/README.md for the exact command).
 */
public final class DecoderBenchmark {

    private static final List<String> PROMPTS = List.of(
            "where is my card?", "how do I top up my account?", "what is 12 times 7?",
            "Tell me about the history of the city.", "I lost my card, what should I do?");

    private DecoderBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Optional<String> dir = args.length > 0 && !args[0].equals("-") ? Optional.of(args[0]) : Optional.empty();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int maxTokens = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        try (OnnxDecoderGenerator decoder = OnnxDecoderGenerator.load(ModelFiles.resolve(dir),
                "benchmark", "auto", threads)) {
            for (int i = 0; i < 5; i++) { // warm-up: JIT and ORT allocations
                decoder.generate(List.of(ChatMessage.user(PROMPTS.get(i % PROMPTS.size()))),
                        GenerationParams.greedy(maxTokens), t -> true);
            }
            double[] ttft = new double[runs];
            List<Double> rates = new ArrayList<>();
            long tokens = 0;
            double totalS = 0;
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                long[] first = {0};
                // Sampled at temperature 0.8 with a fixed seed so that runs do not all stop at the same eos.
                Generation g = decoder.generate(List.of(ChatMessage.user(PROMPTS.get(i % PROMPTS.size()))),
                        new GenerationParams(0.8, 0.95, maxTokens, List.of(), (long) i), t -> {
                            if (first[0] == 0) {
                                first[0] = System.nanoTime();
                            }
                            return true;
                        });
                long end = System.nanoTime();
                ttft[i] = ((first[0] == 0 ? end : first[0]) - start) / 1e6;
                double s = (end - start) / 1e9;
                tokens += g.completionTokens();
                totalS += s;
                rates.add(g.completionTokens() / s);
            }
            Arrays.sort(ttft);
            double[] r = rates.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf("model %s on %s, %d runs, max_tokens %d, intra-op threads %s%n", decoder.version(),
                    decoder.provider(), runs, maxTokens, threads == 0 ? "ORT default" : threads);
            System.out.printf("time to first text: p50 %.1f ms, p99 %.1f ms%n", pct(ttft, 0.5), pct(ttft, 0.99));
            System.out.printf("single-stream throughput: %.0f tokens/s overall (%d tokens in %.2f s), "
                    + "per-run p50 %.0f tokens/s%n", tokens / totalS, tokens, totalS, pct(r, 0.5));
        }
    }

    private static double pct(double[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
