package io.hybridllm.light.training;

import io.hybridllm.light.knowledge.IntentHead;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows a head is fitted and validated on: banking77 train.csv split into fit and validation
 * (stratified, seeded), plus every out-of-scope negative in the fit rows. Negatives never enter the
 * validation rows, because the threshold is chosen for precision on banking questions; the leak is
 * measured separately on out-of-scope data the head never saw.
 */
public record TrainingRows(float[][] x, List<String> labels, List<Integer> fitRows, List<Integer> validationRows) {

    public static TrainingRows assemble(float[][] bankingX, List<String> bankingLabels, float[][] negativeX,
                                        double validationFraction, long splitSeed) {
        return assemble(bankingX, bankingLabels, negativeX,
                HeadTrainer.split(bankingLabels, validationFraction, splitSeed));
    }

    /** As above with a given split of the banking rows: {@code split.get(0)} fit, {@code split.get(1)} validation. */
    public static TrainingRows assemble(float[][] bankingX, List<String> bankingLabels, float[][] negativeX,
                                        List<List<Integer>> split) {
        float[][] x = new float[bankingX.length + negativeX.length][];
        System.arraycopy(bankingX, 0, x, 0, bankingX.length);
        System.arraycopy(negativeX, 0, x, bankingX.length, negativeX.length);
        List<String> labels = new ArrayList<>(bankingLabels);
        List<Integer> fitRows = new ArrayList<>(split.get(0));
        for (int i = 0; i < negativeX.length; i++) {
            labels.add(IntentHead.OUT_OF_SCOPE);
            fitRows.add(bankingX.length + i);
        }
        return new TrainingRows(x, List.copyOf(labels), List.copyOf(fitRows), split.get(1));
    }

    public float[][] fitX() {
        float[][] out = new float[fitRows.size()][];
        for (int i = 0; i < fitRows.size(); i++) {
            out[i] = x[fitRows.get(i)];
        }
        return out;
    }

    public List<String> fitLabels() {
        return fitRows.stream().map(labels::get).toList();
    }
}
