package io.hybridllm.harness.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Quality against heavy-call share for one router on one set of prompts, with RouteLLM's metrics.
 *
 * <p>A router routes a prompt to the strong (heavy) model when its score is at or above the threshold.
 * The curve is swept exactly: the threshold takes every distinct score, from above the highest (0 % heavy
 * calls) down to the lowest (100 %), so a point is added wherever the heavy share can change. Prompts
 * with equal scores move together, as no threshold can split them.
 *
 * <ul>
 *   <li>quality(p) = share of prompts answered correctly by the model each was routed to;</li>
 *   <li>PGR(p) = (quality(p) − weak) / (strong − weak), weak and strong being the two models' accuracies;</li>
 *   <li>APGR = area under PGR over p in [0, 1], by the trapezoidal rule over the swept points;</li>
 *   <li>CPT(x) = the smallest swept heavy share whose PGR reaches x (no interpolation).</li>
 * </ul>
 *
 * <p>RouteLLM itself sweeps only the 11 edges of 10 score quantile bins, integrates over those with
 * the trapezoidal rule and interpolates CPT linearly between them; {@link #routeLlmGrid(int)} computes
 * that variant for comparison on the same footing.
 */
public final class RoutingCurve {

    /** One swept point: heavy share and quality in [0,1], PGR, and the threshold that gives them. */
    public record Point(double heavyShare, double quality, double pgr, double threshold) {}

    /** The summary numbers; CPT values are heavy-call shares in [0,1]. */
    public record Metrics(double apgr, double cpt50, double cpt80) {}

    private final List<RoutingPrompt> prompts;
    private final double[] scores;
    private final double weak;
    private final double strong;
    private final List<Point> points;

    public RoutingCurve(List<RoutingPrompt> prompts, double[] scores) {
        if (prompts.size() != scores.length || prompts.isEmpty()) {
            throw new IllegalArgumentException("one score per prompt, and at least one prompt");
        }
        for (double s : scores) {
            if (Double.isNaN(s)) {
                throw new IllegalArgumentException("a score is NaN");
            }
        }
        this.prompts = List.copyOf(prompts);
        this.scores = scores.clone();
        int n = prompts.size();
        this.weak = prompts.stream().filter(RoutingPrompt::weakCorrect).count() / (double) n;
        this.strong = prompts.stream().filter(RoutingPrompt::strongCorrect).count() / (double) n;
        if (strong <= weak) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "the strong model (%.4f) must beat the weak model (%.4f) for PGR to mean anything", strong, weak));
        }
        this.points = sweep();
    }

    public double weakAccuracy() {
        return weak;
    }

    public double strongAccuracy() {
        return strong;
    }

    public int size() {
        return prompts.size();
    }

    /** Every swept point, from 0 % heavy calls to 100 %. */
    public List<Point> points() {
        return points;
    }

    public Metrics metrics() {
        return new Metrics(area(points), cpt(0.5), cpt(0.8));
    }

    /** Smallest swept heavy share whose PGR reaches {@code target}. */
    public double cpt(double target) {
        for (Point p : points) {
            if (p.pgr() >= target - 1e-12) {
                return p.heavyShare();
            }
        }
        return 1.0;
    }

    /**
     * RouteLLM's own way: thresholds at the {@code bins}+1 quantile edges of the scores (linear
     * interpolation, as numpy and pandas.qcut compute them), a prompt goes strong when its score is at
     * or above an edge (strictly above the last one); APGR by the trapezoidal rule over those points;
     * CPT by linear interpolation at the first crossing.
     */
    public Metrics routeLlmGrid(int bins) {
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        List<Point> grid = new ArrayList<>();
        for (int i = 0; i <= bins; i++) {
            double edge = quantile(sorted, (double) i / bins);
            boolean last = i == bins;
            int heavy = 0;
            int correct = 0;
            for (int k = 0; k < scores.length; k++) {
                boolean toStrong = last ? scores[k] > edge : scores[k] >= edge;
                heavy += toStrong ? 1 : 0;
                RoutingPrompt p = prompts.get(k);
                correct += (toStrong ? p.strongCorrect() : p.weakCorrect()) ? 1 : 0;
            }
            double quality = correct / (double) scores.length;
            grid.add(new Point(heavy / (double) scores.length, quality, pgr(quality), edge));
        }
        grid.sort(Comparator.comparingDouble(Point::heavyShare));
        return new Metrics(area(grid), interpolatedCpt(grid, 0.5), interpolatedCpt(grid, 0.8));
    }

    /** The oracle that sends exactly the prompts only the strong model gets right, as few as it can. */
    public Metrics optimal() {
        double f = heavyNeededShare();
        double gap = strong - weak;
        // PGR_opt(p) = min(p, f) / gap; its integral over [0,1] is (f²/2 + f(1 − f)) / gap.
        double apgr = (f * f / 2 + f * (1 - f)) / gap;
        return new Metrics(apgr, Math.min(1.0, 0.5 * gap), Math.min(1.0, 0.8 * gap));
    }

    /** Quality of the oracle at heavy share {@code p}. */
    public double optimalQuality(double p) {
        return weak + Math.min(p, heavyNeededShare());
    }

    /** Share of prompts that only the strong model answers correctly. */
    public double heavyNeededShare() {
        return prompts.stream().filter(RoutingPrompt::heavyNeeded).count() / (double) prompts.size();
    }

    public double pgr(double quality) {
        return (quality - weak) / (strong - weak);
    }

    private List<Point> sweep() {
        int n = prompts.size();
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        List<Point> out = new ArrayList<>();
        long correct = prompts.stream().filter(RoutingPrompt::weakCorrect).count();
        out.add(new Point(0.0, correct / (double) n, 0.0, Double.POSITIVE_INFINITY));
        int i = 0;
        while (i < n) {
            double threshold = scores[order[i]];
            while (i < n && scores[order[i]] == threshold) {
                RoutingPrompt p = prompts.get(order[i]);
                correct += (p.strongCorrect() ? 1 : 0) - (p.weakCorrect() ? 1 : 0);
                i++;
            }
            double quality = correct / (double) n;
            out.add(new Point(i / (double) n, quality, pgr(quality), threshold));
        }
        return List.copyOf(out);
    }

    private static double area(List<Point> curve) {
        double area = 0;
        for (int i = 1; i < curve.size(); i++) {
            Point a = curve.get(i - 1);
            Point b = curve.get(i);
            area += (b.heavyShare() - a.heavyShare()) * (a.pgr() + b.pgr()) / 2;
        }
        return area;
    }

    private static double interpolatedCpt(List<Point> grid, double target) {
        if (grid.get(0).pgr() >= target) {
            return grid.get(0).heavyShare();
        }
        for (int i = 1; i < grid.size(); i++) {
            Point a = grid.get(i - 1);
            Point b = grid.get(i);
            if (b.pgr() >= target) {
                double t = b.pgr() == a.pgr() ? 0 : (target - a.pgr()) / (b.pgr() - a.pgr());
                return a.heavyShare() + t * (b.heavyShare() - a.heavyShare());
            }
        }
        return 1.0;
    }

    /** numpy's default (linear) quantile of sorted values. */
    static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int lo = (int) Math.floor(position);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (position - lo) * (sorted[hi] - sorted[lo]);
    }
}
