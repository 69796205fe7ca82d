package io.hybridllm.light.evaluation;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.hybridllm.core.model.ModelResources;
import io.hybridllm.light.encoding.EncoderVariant;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.Map;

/**
 * Tokeniser and ONNX Runtime time of the shipped INT8 encoder, apart from everything else, with whatever
 * ONNX Runtime jar is on the classpath: how BENCHMARKS.md compares ONNX Runtime Java versions on one CPU.
 * Four banking questions, one intra-op thread, 300 warm-up runs, 3,000 timed.
 *
 * <pre>
 * ./mvnw -q -pl function-light test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp "$(cat function-light/target/cp.txt):function-light/target/test-classes:function-light/target/classes" \
 *     io.hybridllm.light.evaluation.EncoderLatencyProbe
 * </pre>
 * Another ONNX Runtime version (fetched with {@code ./mvnw dependency:get
 * -Dartifact=com.microsoft.onnxruntime:onnxruntime:1.26.0}): the same with
 * {@code $(sed 's#1.23.2/onnxruntime-1.23.2#1.26.0/onnxruntime-1.26.0#' function-light/target/cp.txt)}.
 */
public final class EncoderLatencyProbe {

    private static final String[] QUESTIONS = {"Where is my new card? It still hasn't arrived.",
            "How do I activate my card?", "why was I charged twice for the same payment at the shop",
            "I forgot my passcode"};

    private EncoderLatencyProbe() {}

    public static void main(String[] args) throws Exception {
        EncoderVariant variant = EncoderVariant.MINILM_INT8;
        ClassLoader loader = EncoderLatencyProbe.class.getClassLoader();
        HuggingFaceTokenizer tokenizer;
        try (InputStream in = ModelResources.open(loader, variant.tokenizerResource())) {
            tokenizer = HuggingFaceTokenizer.newInstance(in, Map.of("padding", "false", "truncation", "true",
                    "maxLength", "128", "addSpecialTokens", "true"));
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            try (OrtSession session = env.createSession(ModelResources.read(loader, variant.modelResource()), options)) {
                int warmup = 300;
                int timed = 3000;
                long[] tokenising = new long[timed];
                long[] inference = new long[timed];
                for (int i = 0; i < warmup + timed; i++) {
                    long t0 = System.nanoTime();
                    Encoding encoding = tokenizer.encode(QUESTIONS[i % QUESTIONS.length]);
                    long[] shape = {1, encoding.getIds().length};
                    long t1 = System.nanoTime();
                    try (OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(encoding.getIds()), shape);
                         OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(encoding.getAttentionMask()), shape);
                         OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(encoding.getTypeIds()), shape);
                         OrtSession.Result result = session.run(Map.of("input_ids", ids, "attention_mask", mask,
                                 "token_type_ids", types))) {
                        ((OnnxTensor) result.get(0)).getFloatBuffer();
                    }
                    long t2 = System.nanoTime();
                    if (i >= warmup) {
                        tokenising[i - warmup] = t1 - t0;
                        inference[i - warmup] = t2 - t1;
                    }
                }
                Arrays.sort(tokenising);
                Arrays.sort(inference);
                System.out.printf("%s, onnxruntime %s, %s: tokenise p50 %.3f ms; inference p50 %.3f ms, p99 %.3f ms%n",
                        variant.modelName(), env.getVersion(), Machine.describe().get("cpu"),
                        tokenising[timed / 2] / 1e6, inference[timed / 2] / 1e6, inference[(int) (timed * 0.99)] / 1e6);
            }
        }
        tokenizer.close();
    }
}
