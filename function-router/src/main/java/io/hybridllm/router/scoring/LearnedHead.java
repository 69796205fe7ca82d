package io.hybridllm.router.scoring;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The learned scorer's weights, as {@code train-router} writes them: a logistic-regression head over the
 * sentence embedding followed by {@link TextFeatures}, with the standardisation already folded in, so a
 * text's logit is {@code weights · [embedding, features] + bias}.
 *
 * <p>The logit is turned into a score by {@code referenceLogits}: the sorted logits of the training
 * prompts (the routing benchmark's MMLU and GSM8K questions). A score is the share of those prompts whose
 * logit is lower, so a threshold of 0.7 sends about 30 % of benchmark-like prompts to the heavy tier,
 * and any traffic that looks easier than every benchmark question scores 0.
 *
 * @param format file format tag, {@value #FORMAT}
 * @param encoder the encoder version the head was trained on ({@code SentenceEncoder.version()})
 * @param features the {@link TextFeatures#VERSION} it was trained on
 * @param featureNames {@link TextFeatures#NAMES} at training time
 * @param weights one weight per embedding dimension, then one per text feature
 * @param bias the logit's intercept
 * @param referenceLogits sorted training logits that map a logit to a score in [0,1]
 * @param training how it was trained (data, seed, settings, cross-validation), for people, not code
 */
public record LearnedHead(String format, String encoder, String features,
                          @JsonProperty("feature_names") List<String> featureNames, double[] weights, double bias,
                          @JsonProperty("reference_logits") double[] referenceLogits, Map<String, Object> training) {

    public static final String FORMAT = "hybrid-router-head-v1";
    /** Where the router finds its bundled head. */
    public static final String RESOURCE = "scoring/learned-head.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public LearnedHead {
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("not a router head (format " + format + ", expected " + FORMAT + ")");
        }
        if (!TextFeatures.VERSION.equals(features) || !TextFeatures.NAMES.equals(featureNames)) {
            throw new IllegalArgumentException("head trained on features " + features + " " + featureNames
                    + ", this router computes " + TextFeatures.VERSION + " " + TextFeatures.NAMES);
        }
        if (referenceLogits.length < 2) {
            throw new IllegalArgumentException("a head needs at least two reference logits");
        }
        for (int i = 1; i < referenceLogits.length; i++) {
            if (referenceLogits[i] < referenceLogits[i - 1]) {
                throw new IllegalArgumentException("reference logits must be sorted");
            }
        }
    }

    /** Embedding dimensions the head expects. */
    public int embeddingDimension() {
        return weights.length - TextFeatures.size();
    }

    public double logit(float[] embedding, double[] textFeatures) {
        if (embedding.length != embeddingDimension() || textFeatures.length != TextFeatures.size()) {
            throw new IllegalArgumentException("head expects " + embeddingDimension() + " + " + TextFeatures.size()
                    + " inputs, got " + embedding.length + " + " + textFeatures.length);
        }
        double z = bias;
        for (int d = 0; d < embedding.length; d++) {
            z += weights[d] * embedding[d];
        }
        for (int f = 0; f < textFeatures.length; f++) {
            z += weights[embedding.length + f] * textFeatures[f];
        }
        return z;
    }

    /** Share of reference logits below {@code logit}, linearly interpolated between neighbours. */
    public double score(double logit) {
        double[] ref = referenceLogits;
        if (logit <= ref[0]) {
            return 0.0;
        }
        if (logit >= ref[ref.length - 1]) {
            return 1.0;
        }
        int at = Arrays.binarySearch(ref, logit);
        int hi = at >= 0 ? at : -at - 1;
        int lo = hi - 1;
        double span = ref[hi] - ref[lo];
        double within = span <= 0 ? 0 : (logit - ref[lo]) / span;
        return (lo + within) / (ref.length - 1);
    }

    public static LearnedHead read(InputStream in) throws IOException {
        return JSON.readValue(in, LearnedHead.class);
    }

    public static LearnedHead read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    /** The bundled head, from the classpath. */
    public static LearnedHead bundled() throws IOException {
        try (InputStream in = LearnedHead.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException(RESOURCE + " is not on the classpath");
            }
            return read(in);
        }
    }

    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        JSON.writeValue(file.toFile(), this);
    }
}
