package io.hybridllm.light.training;

import io.hybridllm.light.knowledge.IntentHead;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Fits multinomial logistic regression with Tribuo (AdaGrad SGD on the log loss) and exports it as an
 * {@link IntentHead}. Features are standardised for the optimiser's sake; the standardisation is then
 * folded into the exported weights, so serving just computes {@code softmax(W x + b)} on raw embeddings.
 */
public final class HeadTrainer {

    /** Hyperparameters; fixed up front, not tuned on test data. */
    public record Settings(double learningRate, int epochs, int minibatch, long seed) {
        public static final Settings DEFAULT = new Settings(0.1, 3, 1, 77L);

        /** Candidates compared on the validation split; SGD epochs act as the regulariser here. */
        public static List<Settings> grid() {
            List<Settings> grid = new ArrayList<>();
            for (double lr : new double[] {0.01, 0.02}) {
                for (int epochs : new int[] {4, 8, 16}) {
                    grid.add(new Settings(lr, epochs, 1, 77L));
                }
            }
            return grid;
        }

        public Map<String, Object> describe() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("library", "org.tribuo:tribuo-classification-sgd:4.3.2");
            map.put("model", "multinomial logistic regression (LinearSGDTrainer + LogMulticlass)");
            map.put("optimiser", "AdaGrad");
            map.put("learning_rate", learningRate);
            map.put("epochs", epochs);
            map.put("minibatch", minibatch);
            map.put("seed", seed);
            return map;
        }
    }

    private final Settings settings;

    public HeadTrainer(Settings settings) {
        this.settings = settings;
    }

    /** A fitted head plus the Tribuo model it came from, kept for the export cross-check. */
    public record Fit(IntentHead head, LinearSGDModel model, double[] mean, double[] scale) {

        /** Tribuo's own prediction for an embedding (on standardised features). */
        public String tribuoPredict(float[] x) {
            return model.predict(example(x, null, mean, scale)).getOutput().getLabel();
        }
    }

    public Fit fit(float[][] x, List<String> labels, List<String> intents, String encoderVersion) {
        int dim = x[0].length;
        double[] mean = new double[dim];
        double[] scale = new double[dim];
        for (float[] row : x) {
            for (int d = 0; d < dim; d++) {
                mean[d] += row[d];
            }
        }
        for (int d = 0; d < dim; d++) {
            mean[d] /= x.length;
        }
        for (float[] row : x) {
            for (int d = 0; d < dim; d++) {
                double c = row[d] - mean[d];
                scale[d] += c * c;
            }
        }
        for (int d = 0; d < dim; d++) {
            scale[d] = Math.max(1e-6, Math.sqrt(scale[d] / x.length));
        }

        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> dataset = new MutableDataset<>(
                new SimpleDataSourceProvenance("banking77 train split", factory), factory);
        for (int i = 0; i < x.length; i++) {
            dataset.add(example(x[i], labels.get(i), mean, scale));
        }
        LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(settings.learningRate()),
                settings.epochs(), Integer.MAX_VALUE, settings.minibatch(), settings.seed());
        LinearSGDModel model = trainer.train(dataset);

        // Tribuo stores [outputs x (features + 1)] with the bias in the last column; map its ids back
        // to our intent order and embedding dimensions by name rather than assuming an order.
        DenseMatrix w = model.getWeightsCopy();
        float[][] weights = new float[intents.size()][dim];
        float[] bias = new float[intents.size()];
        int biasColumn = model.getFeatureIDMap().size();
        for (int k = 0; k < intents.size(); k++) {
            int row = model.getOutputIDInfo().getID(new Label(intents.get(k)));
            if (row < 0) {
                throw new IllegalStateException("intent " + intents.get(k) + " has no training examples");
            }
            double b = w.get(row, biasColumn);
            for (int d = 0; d < dim; d++) {
                int column = model.getFeatureIDMap().get(featureName(d)).getID();
                double folded = w.get(row, column) / scale[d];
                weights[k][d] = (float) folded;
                b -= folded * mean[d];
            }
            bias[k] = (float) b;
        }
        return new Fit(new IntentHead(intents, weights, bias, encoderVersion), model, mean, scale);
    }

    static Example<Label> example(float[] x, String label, double[] mean, double[] scale) {
        String[] names = new String[x.length];
        double[] values = new double[x.length];
        for (int d = 0; d < x.length; d++) {
            names[d] = featureName(d);
            values[d] = (x[d] - mean[d]) / scale[d];
        }
        Label output = label == null ? LabelFactory.UNKNOWN_LABEL : new Label(label);
        return new ArrayExample<>(output, names, values);
    }

    static String featureName(int d) {
        return String.format("e%03d", d);
    }

    /**
     * Hold-out by content: a row is validation when the first byte of the SHA-256 of its UTF-8 text is
     * divisible by 10 (about 10 %). {@code scripts/train_light_encoder.py} holds out exactly these rows
     * when it fine-tunes an encoder, so a head on such an encoder is validated on questions the
     * encoder never trained on.
     */
    public static List<List<Integer>> hashSplit(List<String> texts) {
        List<Integer> train = new ArrayList<>();
        List<Integer> validation = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            (isHashValidation(texts.get(i)) ? validation : train).add(i);
        }
        return List.of(train, validation);
    }

    static boolean isHashValidation(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return (digest[0] & 0xff) % 10 == 0;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** Stratified, seeded hold-out: about {@code fraction} of each intent's rows go to validation. */
    public static List<List<Integer>> split(List<String> labels, double fraction, long seed) {
        Map<String, List<Integer>> byLabel = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            byLabel.computeIfAbsent(labels.get(i), k -> new ArrayList<>()).add(i);
        }
        java.util.Random random = new java.util.Random(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> validation = new ArrayList<>();
        for (List<Integer> rows : byLabel.values()) {
            java.util.Collections.shuffle(rows, random);
            int held = (int) Math.round(rows.size() * fraction);
            validation.addAll(rows.subList(0, held));
            train.addAll(rows.subList(held, rows.size()));
        }
        java.util.Collections.sort(train);
        java.util.Collections.sort(validation);
        return List.of(train, validation);
    }
}
