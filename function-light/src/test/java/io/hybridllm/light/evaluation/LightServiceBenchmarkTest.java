package io.hybridllm.light.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hybridllm.core.api.ChatCompletionRequest;
import io.hybridllm.core.api.ChatCompletionResponse;
import io.hybridllm.core.api.SharedEmbedding;
import io.hybridllm.light.dataset.Banking77;
import io.hybridllm.light.dataset.LabelledText;
import io.hybridllm.light.serving.LightModels;
import io.hybridllm.light.serving.LightService;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The light function's chat path end to end, in process: request JSON bytes parsed, language detected,
 * query embedded (deployed INT8 encoder, one ONNX Runtime thread), intent classified, knowledge looked
 * up, response serialised to JSON. Every banking77 test query, first one at a time on one thread, then
 * from 2, 4 and 8 concurrent callers sharing the one-thread encoder through its micro-batcher; for the
 * concurrent runs it also counts answers that differ from the one-at-a-time run (batched INT8 vectors
 * differ slightly). It also runs every query one at a time with the router's shared embedding in the body
 * ({@code hybrid_embedding}), which skips the encoder, and counts decisions that differ. Off by default (it measures, it does not check behaviour):
 * {@code ./mvnw -B -pl function-light -am verify -Dtest=LightServiceBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false -Dhybrid.benchmark=true}
 * writes {@code function-light/target/light-benchmark.json}.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "hybrid.benchmark", matches = "true")
class LightServiceBenchmarkTest {

    static final int WARMUP = 500;

    @Inject
    LightService service;

    @Inject
    LightModels models;

    @Inject
    ObjectMapper mapper;

    @Test
    void measure() throws Exception {
        List<String> texts = Banking77.test(Banking77.DEFAULT_DIR).stream().map(LabelledText::text).toList();
        List<byte[]> bodies = new ArrayList<>();
        for (String text : texts) {
            bodies.add(mapper.writeValueAsBytes(Map.of("model", "hybrid-light",
                    "messages", List.of(Map.of("role", "user", "content", text)))));
        }
        for (int i = 0; i < WARMUP; i++) {
            call(bodies.get(i % bodies.size()));
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("machine", Machine.describe());
        report.put("encoder", models.current().encoder().version());
        report.put("queries", bodies.size());

        // One at a time.
        long[] nanos = new long[bodies.size()];
        String[] alone = new String[bodies.size()];
        long start = System.nanoTime();
        for (int i = 0; i < bodies.size(); i++) {
            long t0 = System.nanoTime();
            alone[i] = call(bodies.get(i));
            nanos[i] = System.nanoTime() - t0;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(nanos);
        Map<String, Object> single = new LinkedHashMap<>();
        single.put("p50Ms", round(nanos[nanos.length / 2] / 1e6));
        single.put("p99Ms", round(nanos[(int) (nanos.length * 0.99)] / 1e6));
        single.put("queriesPerSecond", Math.round(bodies.size() / seconds));
        report.put("oneAtATime", single);
        System.out.println("BENCHMARK one at a time: " + single);

        // One at a time again, each body carrying the vector as the router shares it (made beforehand,
        // by this encoder, which is what the router's copy computes: see EmbeddingSharingEndToEndTest).
        List<byte[]> sharedBodies = new ArrayList<>();
        String encoder = models.current().encoder().version();
        for (String text : texts) {
            float[] vector = models.current().encoder().embed(List.of(text))[0];
            sharedBodies.add(mapper.writeValueAsBytes(Map.of("model", "hybrid-light",
                    "messages", List.of(Map.of("role", "user", "content", text)),
                    SharedEmbedding.FIELD, new SharedEmbedding(encoder,
                            models.current().encoder().countTokens(text), vector))));
        }
        for (int i = 0; i < WARMUP; i++) {
            call(sharedBodies.get(i % sharedBodies.size()));
        }
        long[] sharedNanos = new long[sharedBodies.size()];
        int differing = 0;
        long sharedStart = System.nanoTime();
        for (int i = 0; i < sharedBodies.size(); i++) {
            long t0 = System.nanoTime();
            String decision = call(sharedBodies.get(i));
            sharedNanos[i] = System.nanoTime() - t0;
            if (!decision.equals(alone[i])) {
                differing++;
            }
        }
        double sharedSeconds = (System.nanoTime() - sharedStart) / 1e9;
        Arrays.sort(sharedNanos);
        Map<String, Object> shared = new LinkedHashMap<>();
        shared.put("p50Ms", round(sharedNanos[sharedNanos.length / 2] / 1e6));
        shared.put("p99Ms", round(sharedNanos[(int) (sharedNanos.length * 0.99)] / 1e6));
        shared.put("queriesPerSecond", Math.round(sharedBodies.size() / sharedSeconds));
        shared.put("meanBodyBytes", sharedBodies.stream().mapToInt(b -> b.length).average().orElse(0));
        shared.put("decisionsDifferingFromOneAtATime", differing);
        report.put("oneAtATimeSharedEmbedding", shared);
        System.out.println("BENCHMARK one at a time, shared embedding: " + shared);

        for (int callers : new int[] {2, 4, 8}) {
            Map<String, Object> concurrent = concurrent(callers, bodies, alone);
            report.put("callers" + callers, concurrent);
            System.out.println("BENCHMARK " + callers + " concurrent callers: " + concurrent);
        }
        Path out = Banking77.moduleDir().resolve("target/light-benchmark.json");
        Files.createDirectories(out.getParent());
        mapper.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), report);
        assertEquals(bodies.size(), alone.length);
    }

    private Map<String, Object> concurrent(int callers, List<byte[]> bodies, String[] alone) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger differing = new AtomicInteger();
        long[] nanos = new long[bodies.size()];
        CountDownLatch go = new CountDownLatch(1);
        double batchBefore = models.current().encoder().meanMicroBatch();
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            workers.add(pool.submit(() -> {
                go.await();
                int i;
                while ((i = next.getAndIncrement()) < bodies.size()) {
                    long t0 = System.nanoTime();
                    String decision = call(bodies.get(i));
                    nanos[i] = System.nanoTime() - t0;
                    if (!decision.equals(alone[i])) {
                        differing.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        long start = System.nanoTime();
        go.countDown();
        for (Future<?> worker : workers) {
            worker.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        Arrays.sort(nanos);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("p50Ms", round(nanos[nanos.length / 2] / 1e6));
        result.put("p99Ms", round(nanos[(int) (nanos.length * 0.99)] / 1e6));
        result.put("queriesPerSecond", Math.round(bodies.size() / seconds));
        result.put("meanMicroBatchSoFar", round(models.current().encoder().meanMicroBatch()));
        result.put("meanMicroBatchBefore", round(batchBefore));
        result.put("decisionsDifferingFromOneAtATime", differing.get());
        return result;
    }

    /** One request through parse → chat → serialise; returns what the router acts on (abstained, intent). */
    private String call(byte[] body) throws Exception {
        ChatCompletionRequest request = service.parser().parseRoutedChat(body);
        ChatCompletionResponse response = service.chat(request);
        byte[] json = mapper.writeValueAsBytes(response);
        if (json.length == 0) {
            throw new IllegalStateException("empty response");
        }
        return response.hybrid().abstained() + " " + response.hybrid().intent();
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
