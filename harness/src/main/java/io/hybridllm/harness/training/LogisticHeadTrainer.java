package io.hybridllm.harness.training;

import java.util.LinkedHashMap;
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
 * Fits the router's head with Tribuo: logistic regression (two-class {@link LogMulticlass}, AdaGrad SGD)
 * on standardised inputs, exported as one weight vector over raw inputs whose dot product is the logit of
 * "heavy needed" (the heavy row minus the light row, standardisation folded in).
 */
public final class LogisticHeadTrainer {

    static final String HEAVY = "heavy";
    static final String LIGHT = "light";

    /** Hyperparameters, fixed before training; SGD epochs act as the regulariser. */
    public record Settings(double learningRate, int epochs, long seed) {
        public Map<String, Object> describe() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("library", "org.tribuo:tribuo-classification-sgd:4.3.2");
            map.put("model", "logistic regression (LinearSGDTrainer + LogMulticlass, 2 labels)");
            map.put("optimiser", "AdaGrad");
            map.put("learning_rate", learningRate);
            map.put("epochs", epochs);
            map.put("minibatch", 1);
            map.put("seed", seed);
            return map;
        }
    }

    /** Weights over raw inputs and the intercept. */
    public record Fit(double[] weights, double bias) {
        public double logit(double[] x) {
            double z = bias;
            for (int d = 0; d < x.length; d++) {
                z += weights[d] * x[d];
            }
            return z;
        }
    }

    private final Settings settings;

    public LogisticHeadTrainer(Settings settings) {
        this.settings = settings;
    }

    /**
     * @param x one input row per example (embedding then text features)
     * @param heavy whether each example needs the heavy model
     * @param weight how much each example counts (Tribuo example weight)
     */
    public Fit fit(double[][] x, boolean[] heavy, float[] weight) {
        int dim = x[0].length;
        double[] mean = new double[dim];
        double[] scale = new double[dim];
        for (double[] row : x) {
            for (int d = 0; d < dim; d++) {
                mean[d] += row[d];
            }
        }
        for (int d = 0; d < dim; d++) {
            mean[d] /= x.length;
        }
        for (double[] row : x) {
            for (int d = 0; d < dim; d++) {
                double c = row[d] - mean[d];
                scale[d] += c * c;
            }
        }
        for (int d = 0; d < dim; d++) {
            scale[d] = Math.max(1e-6, Math.sqrt(scale[d] / x.length));
        }
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> dataset = new MutableDataset<>(new SimpleDataSourceProvenance("routing data", factory), factory);
        String[] names = new String[dim];
        for (int d = 0; d < dim; d++) {
            names[d] = String.format("x%03d", d);
        }
        for (int i = 0; i < x.length; i++) {
            double[] values = new double[dim];
            for (int d = 0; d < dim; d++) {
                values[d] = (x[i][d] - mean[d]) / scale[d];
            }
            Example<Label> example = new ArrayExample<>(new Label(heavy[i] ? HEAVY : LIGHT), names, values);
            example.setWeight(weight[i]);
            dataset.add(example);
        }
        LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(settings.learningRate()),
                settings.epochs(), Integer.MAX_VALUE, 1, settings.seed());
        LinearSGDModel model = trainer.train(dataset);
        DenseMatrix w = model.getWeightsCopy();
        int heavyRow = model.getOutputIDInfo().getID(new Label(HEAVY));
        int lightRow = model.getOutputIDInfo().getID(new Label(LIGHT));
        int biasColumn = model.getFeatureIDMap().size();
        double[] weights = new double[dim];
        double bias = w.get(heavyRow, biasColumn) - w.get(lightRow, biasColumn);
        for (int d = 0; d < dim; d++) {
            var info = model.getFeatureIDMap().get(names[d]);
            if (info == null) {
                continue; // a constant input: Tribuo keeps no weight for it
            }
            int column = info.getID();
            double folded = (w.get(heavyRow, column) - w.get(lightRow, column)) / scale[d];
            weights[d] = folded;
            bias -= folded * mean[d];
        }
        return new Fit(weights, bias);
    }
}
