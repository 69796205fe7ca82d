package io.hybridllm.light.knowledge;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridllm.core.model.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A multinomial logistic-regression head over sentence embeddings: {@code softmax(W x + b)}.
 *
 * <p>It is trained offline (see {@code io.hybridllm.light.training.TrainIntentHead} in the test
 * sources) and shipped as plain JSON, so serving needs no training library. Its version is a hash of
 * the numbers themselves, so a retrained head can never pass for the old one.
 *
 * <p>A head may carry one extra class, {@link #OUT_OF_SCOPE}, trained on questions that are not about
 * banking at all. It is never answered; when it wins, the prediction is flagged out of scope so the
 * light tier steps aside even if one banking intent looks confident among the rest.
 */
public final class IntentHead {

    /** JSON layout of {@code kb/banking77-head.json}. */
    public record File(
            String format,
            @JsonProperty("encoder_version") String encoderVersion,
            int dimension,
            List<String> intents,
            float[][] weights,
            float[] bias,
            Map<String, Object> training) {}

    static final String FORMAT = "hybrid-llm/intent-head/v1";

    /** The reserved class for questions outside the knowledge base; it has no answer. */
    public static final String OUT_OF_SCOPE = "out_of_scope";

    private final List<String> intents;
    private final float[][] weights;
    private final float[] bias;
    private final String encoderVersion;
    private final String hash;
    private final int outOfScopeIndex;

    public IntentHead(List<String> intents, float[][] weights, float[] bias, String encoderVersion) {
        if (intents.isEmpty() || weights.length != intents.size() || bias.length != intents.size()) {
            throw new IllegalArgumentException("head needs one weight row and one bias per intent");
        }
        int dimension = weights[0].length;
        for (float[] row : weights) {
            if (row.length != dimension) {
                throw new IllegalArgumentException("weight rows differ in length");
            }
        }
        this.intents = List.copyOf(intents);
        this.weights = weights;
        this.bias = bias;
        this.encoderVersion = encoderVersion;
        this.hash = contentHash(this.intents, weights, bias, encoderVersion);
        this.outOfScopeIndex = this.intents.indexOf(OUT_OF_SCOPE);
        if (outOfScopeIndex >= 0 && this.intents.size() < 2) {
            throw new IllegalArgumentException("a head needs at least one intent besides " + OUT_OF_SCOPE);
        }
    }

    public static IntentHead read(InputStream in, ObjectMapper mapper) throws ModelLoadException {
        File file;
        try {
            file = mapper.readValue(in, File.class);
        } catch (IOException e) {
            throw new ModelLoadException("intent head is not readable: " + e.getMessage(), e);
        }
        if (!FORMAT.equals(file.format())) {
            throw new ModelLoadException("intent head format is '" + file.format() + "', expected " + FORMAT);
        }
        try {
            IntentHead head = new IntentHead(file.intents(), file.weights(), file.bias(), file.encoderVersion());
            if (head.dimension() != file.dimension()) {
                throw new ModelLoadException("intent head declares dimension " + file.dimension()
                        + " but its weights have " + head.dimension());
            }
            return head;
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ModelLoadException("intent head is malformed: " + e.getMessage(), e);
        }
    }

    public void write(OutputStream out, ObjectMapper mapper, Map<String, Object> training) throws IOException {
        mapper.writeValue(out, new File(FORMAT, encoderVersion, dimension(), intents, weights, bias, training));
    }

    public IntentPrediction predict(float[] embedding) {
        double[] probabilities = probabilities(embedding);
        int best = -1;
        for (int k = 0; k < probabilities.length; k++) {
            if (k != outOfScopeIndex && (best < 0 || probabilities[k] > probabilities[best])) {
                best = k;
            }
        }
        boolean outOfScope = outOfScopeIndex >= 0 && probabilities[outOfScopeIndex] > probabilities[best];
        return new IntentPrediction(intents.get(best), probabilities[best], outOfScope);
    }

    /** The intents that need an answer: all classes but {@link #OUT_OF_SCOPE}. */
    public List<String> answerableIntents() {
        return intents.stream().filter(intent -> !OUT_OF_SCOPE.equals(intent)).toList();
    }

    /** Softmax over intents, in {@link #intents()} order. */
    public double[] probabilities(float[] embedding) {
        if (embedding.length != dimension()) {
            throw new IllegalArgumentException("embedding has " + embedding.length + " dimensions, head expects "
                    + dimension());
        }
        double[] logits = new double[weights.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < weights.length; k++) {
            double z = bias[k];
            float[] row = weights[k];
            for (int d = 0; d < row.length; d++) {
                z += row[d] * embedding[d];
            }
            logits[k] = z;
            max = Math.max(max, z);
        }
        // Subtracting the max keeps exp() finite for confident logits.
        double sum = 0;
        for (int k = 0; k < logits.length; k++) {
            logits[k] = Math.exp(logits[k] - max);
            sum += logits[k];
        }
        for (int k = 0; k < logits.length; k++) {
            logits[k] /= sum;
        }
        return logits;
    }

    public List<String> intents() {
        return intents;
    }

    public int dimension() {
        return weights[0].length;
    }

    public String encoderVersion() {
        return encoderVersion;
    }

    /** First 12 hex digits of a SHA-256 over intents, encoder version, weights and bias. */
    public String hash() {
        return hash;
    }

    private static String contentHash(List<String> intents, float[][] weights, float[] bias, String encoderVersion) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(String.join("\n", intents).getBytes(StandardCharsets.UTF_8));
            digest.update(("\n" + encoderVersion + "\n").getBytes(StandardCharsets.UTF_8));
            ByteBuffer buffer = ByteBuffer.allocate(4 * weights[0].length).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] row : weights) {
                buffer.clear();
                buffer.asFloatBuffer().put(row);
                digest.update(buffer.array());
            }
            ByteBuffer biasBytes = ByteBuffer.allocate(4 * bias.length).order(ByteOrder.LITTLE_ENDIAN);
            biasBytes.asFloatBuffer().put(bias);
            digest.update(biasBytes.array());
            return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
