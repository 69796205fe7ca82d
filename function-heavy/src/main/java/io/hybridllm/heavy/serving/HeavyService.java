package io.hybridllm.heavy.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hybridllm.core.api.ApiError;
import io.hybridllm.core.api.ApiException;
import io.hybridllm.core.api.ChatCompletionChunk;
import io.hybridllm.core.api.ChatCompletionRequest;
import io.hybridllm.core.api.ChatCompletionResponse;
import io.hybridllm.core.api.HybridInfo;
import io.hybridllm.core.model.Generation;
import io.hybridllm.core.model.GenerationParams;
import io.hybridllm.core.model.InferenceException;
import io.hybridllm.core.model.ModelException;
import io.hybridllm.core.model.TextGenerator;
import io.hybridllm.core.model.TokenSink;
import io.hybridllm.heavy.config.HeavyConfig;
import io.hybridllm.heavy.scheduling.AdmissionLimiter;
import io.hybridllm.heavy.scheduling.OverloadedException;
import io.hybridllm.heavy.upstream.OpenAiUpstreamGenerator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

/**
 * The heavy tier's one service: admission control, generation, OpenAI response and SSE framing,
 * metrics. The REST resource and the Lambda handler both delegate here. Admission is the batch
 * scheduler's bounded queue for the local decoder (refusals surface from {@code generate}) and an
 * {@link AdmissionLimiter} for upstream calls.
 */
// Created at start-up, not on the first request: the load gauges (autoscaling, the router's load-aware
// routing) must be published from the start, reading 0, rather than appear after the first request.
@Startup
@ApplicationScoped
public class HeavyService {

    private static final Logger LOG = Logger.getLogger(HeavyService.class);

    @Inject
    HeavyModel model;

    @Inject
    HeavyConfig config;

    @Inject
    MeterRegistry registry;

    @Inject
    ObjectMapper mapper;

    @Inject
    UpstreamGuard guard;

    private ExecutorService streamWorkers;
    private Timer generationTimer;
    private Timer firstTokenTimer;
    private Counter completionTokens;

    @PostConstruct
    void init() {
        // Names read by the router's load-aware routing and by autoscaling: keep them stable.
        registry.gauge("hybrid.heavy.in.flight", model, m -> m.loadReport().inFlight());
        registry.gauge("hybrid.heavy.queue.depth", model, m -> m.loadReport().queueDepth());
        generationTimer = Timer.builder("hybrid.heavy.generation").description("Whole generation time")
                .publishPercentiles(0.5, 0.99).register(registry);
        firstTokenTimer = Timer.builder("hybrid.heavy.first.token").description("Time to the first streamed text")
                .publishPercentiles(0.5, 0.99).register(registry);
        completionTokens = Counter.builder("hybrid.heavy.completion.tokens").register(registry);
        // A thread per stream for the request's life: admission (scheduler queue or limiter) bounds
        // how many there are, so the pool itself never has to queue.
        AtomicInteger n = new AtomicInteger();
        streamWorkers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "heavy-stream-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void shutdown() {
        streamWorkers.shutdownNow();
    }

    /** Non-streaming chat completion. */
    public ChatCompletionResponse complete(ChatCompletionRequest request) {
        TextGenerator generator = model.generator();
        try (AdmissionLimiter.Permit permit = admit("complete")) {
            long start = System.nanoTime();
            Generation generation = generate(generator, request, TokenSink.IGNORE);
            double ms = (System.nanoTime() - start) / 1e6;
            count("complete", "ok");
            return ChatCompletionResponse.of(newId(), model.modelId(), generation.text(), generation.finishReason(),
                    usage(generation), heavyInfo(ms));
        } catch (OverloadedException e) {
            count("complete", "overloaded");
            throw e;
        }
    }

    /** Token counts, or null (no {@code usage} field) when an upstream server reported none. */
    private static ChatCompletionResponse.Usage usage(Generation generation) {
        if (generation.promptTokens() < 0 || generation.completionTokens() < 0) {
            return null;
        }
        return ChatCompletionResponse.Usage.of(generation.promptTokens(), generation.completionTokens());
    }

    /**
     * Streaming chat completion. Admission happens now and the call waits for the first piece of
     * output, so that overload, a missing model or an upstream that cannot be reached still get
     * a real HTTP error status; after that, errors become an SSE {@code error} event.
     *
     * @param includeUsage the request's {@code stream_options.include_usage}: a last chunk with
     *                     {@code choices: []} and {@code usage} before {@code [DONE]}, as OpenAI sends
     * @param clientGone true once the client connection is closed; the generation then stops at
     *                   its next token (writes to a closed connection do not reliably fail)
     */
    public StreamingOutput stream(ChatCompletionRequest request, boolean includeUsage, BooleanSupplier clientGone) {
        TextGenerator generator = model.generator();
        AdmissionLimiter.Permit permit = admit("stream");
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        AtomicBoolean cancelled = new AtomicBoolean();
        long start = System.nanoTime();
        try {
            streamWorkers.submit(() -> {
                try {
                    events.add(generate(generator, request, delta -> {
                        if (cancelled.get() || clientGone.getAsBoolean()) {
                            cancelled.set(true);
                            return false;
                        }
                        events.add(delta);
                        return true;
                    }));
                } catch (Throwable t) {
                    events.add(t);
                } finally {
                    permit.close();
                }
            });
        } catch (RuntimeException e) {
            permit.close();
            throw e;
        }
        Object first = take(events);
        if (first instanceof Throwable failure) {
            count("stream", failure instanceof OverloadedException ? "overloaded" : "error");
            throw failure instanceof RuntimeException re ? re : new IllegalStateException(failure);
        }
        firstTokenTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        String id = newId();
        String modelId = model.modelId();
        long created = System.currentTimeMillis() / 1000;
        return out -> {
            Object event = first;
            try {
                send(out, ChatCompletionChunk.role(id, modelId, created, HybridInfo.heavy()));
                while (true) {
                    if (event instanceof String delta) {
                        send(out, ChatCompletionChunk.content(id, modelId, created, delta));
                    } else if (event instanceof Generation done) {
                        if (cancelled.get() || clientGone.getAsBoolean()) {
                            throw new IOException("client connection closed");
                        }
                        send(out, ChatCompletionChunk.finish(id, modelId, created, done.finishReason()));
                        ChatCompletionResponse.Usage usage = usage(done);
                        if (includeUsage && usage != null) {
                            write(out, "data: " + usageChunk(id, modelId, created, usage) + "\n\n");
                        }
                        write(out, "data: " + ChatCompletionChunk.DONE + "\n\n");
                        count("stream", "ok");
                        return;
                    } else if (event instanceof ApiException failure) {
                        LOG.warnf("stream %s failed after output started: %s", id, failure.getMessage());
                        write(out, "data: " + mapper.writeValueAsString(failure.error().body()) + "\n\n");
                        count("stream", "error");
                        return;
                    } else if (event instanceof Throwable failure) {
                        LOG.error("stream " + id + " failed after output started", failure);
                        write(out, "data: " + mapper.writeValueAsString(ApiError.internal("internal error").body())
                                + "\n\n");
                        count("stream", "error");
                        return;
                    }
                    if (clientGone.getAsBoolean()) {
                        throw new IOException("client connection closed");
                    }
                    event = take(events);
                }
            } catch (IOException disconnected) {
                // The client went away: the sink now answers false, which stops the decoder.
                cancelled.set(true);
                count("stream", "cancelled");
                LOG.debugf("stream %s cancelled by client: %s", id, disconnected.getMessage());
            }
        };
    }

    private Generation generate(TextGenerator generator, ChatCompletionRequest request, TokenSink sink) {
        GenerationParams params = new GenerationParams(
                request.temperature() == null ? config.defaultTemperature() : request.temperature(),
                request.topP() == null ? 1.0 : request.topP(),
                request.maxTokens() == null ? config.defaultMaxTokens() : request.maxTokens(),
                request.stop(), request.seed());
        long start = System.nanoTime();
        try {
            Generation generation = generator instanceof OpenAiUpstreamGenerator upstream
                    ? guard.generate(upstream, request.model(), request.messages(), params, sink)
                    : generator.generate(request.messages(), params, sink);
            completionTokens.increment(Math.max(0, generation.completionTokens()));
            return generation;
        } catch (CircuitBreakerOpenException e) {
            throw new ApiException(ApiError.unavailable("the upstream model server is failing; calls are paused",
                    "upstream_circuit_open"));
        } catch (InferenceException e) {
            LOG.error("generation failed", e);
            throw new ApiException(new ApiError(500, "generation failed", "server_error", null, "inference_error"));
        } catch (ModelException e) {
            LOG.error("model failure", e);
            throw new ApiException(ApiError.internal("internal error"));
        } finally {
            generationTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    /** A slot from the upstream limiter; the local decoder's scheduler admits inside generate. */
    private AdmissionLimiter.Permit admit(String mode) {
        AdmissionLimiter limiter = model.limiter().orElse(null);
        if (limiter == null) {
            return () -> { };
        }
        try {
            return limiter.acquire();
        } catch (OverloadedException e) {
            count(mode, "overloaded");
            throw e;
        }
    }

    private String usageChunk(String id, String modelId, long created, ChatCompletionResponse.Usage usage) {
        ObjectNode chunk = mapper.createObjectNode();
        chunk.put("id", id).put("object", "chat.completion.chunk").put("created", created).put("model", modelId);
        chunk.putArray("choices");
        chunk.set("usage", mapper.valueToTree(usage));
        try {
            return mapper.writeValueAsString(chunk);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Object take(BlockingQueue<Object> events) {
        try {
            return events.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ApiException(ApiError.internal("interrupted"));
        }
    }

    private void send(OutputStream out, ChatCompletionChunk chunk) throws IOException {
        try {
            write(out, "data: " + mapper.writeValueAsString(chunk) + "\n\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(OutputStream out, String event) throws IOException {
        out.write(event.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void count(String mode, String outcome) {
        registry.counter("hybrid.heavy.requests", "mode", mode, "outcome", outcome).increment();
    }

    private static HybridInfo heavyInfo(double generateMs) {
        return new HybridInfo("heavy", null, null, null, null, null, null, null, Map.of("heavy_generate", generateMs));
    }

    private static String newId() {
        return "chatcmpl-" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }
}
