package io.hybridllm.harness.evaluation;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Quality against heavy-call share as a PNG, drawn with Java2D: the router's swept curve, the random
 * router (the straight line from the weak to the strong model), the optimum, and the two models alone.
 */
public final class RoutingPlot {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 620;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 70;

    private RoutingPlot() {
    }

    public static void write(RoutingCurve curve, String title, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            double weak = curve.weakAccuracy();
            double strong = curve.strongAccuracy();
            double optimumTop = curve.optimalQuality(1.0);
            double yMin = Math.max(0, Math.floor((weak - 0.05) * 20) / 20);
            double yMax = Math.min(1, Math.ceil((optimumTop + 0.02) * 20) / 20);
            Axes axes = new Axes(yMin, yMax);
            axes.draw(g);

            g.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 5}, 0));
            g.setColor(Color.GRAY);
            g.drawLine(axes.x(0), axes.y(weak), axes.x(1), axes.y(weak));
            g.drawLine(axes.x(0), axes.y(strong), axes.x(1), axes.y(strong));
            g.setColor(new Color(0x999999));
            g.drawLine(axes.x(0), axes.y(weak), axes.x(1), axes.y(strong));

            Path2D optimum = new Path2D.Double();
            optimum.moveTo(axes.x(0), axes.y(weak));
            optimum.lineTo(axes.x(curve.heavyNeededShare()), axes.y(curve.optimalQuality(curve.heavyNeededShare())));
            optimum.lineTo(axes.x(1), axes.y(optimumTop));
            g.setStroke(new BasicStroke(2f));
            g.setColor(new Color(0x2CA02C));
            g.draw(optimum);

            Path2D router = new Path2D.Double();
            List<RoutingCurve.Point> points = curve.points();
            router.moveTo(axes.x(points.get(0).heavyShare()), axes.y(points.get(0).quality()));
            for (RoutingCurve.Point p : points.subList(1, points.size())) {
                router.lineTo(axes.x(p.heavyShare()), axes.y(p.quality()));
            }
            g.setStroke(new BasicStroke(2.4f));
            g.setColor(new Color(0x1F77B4));
            g.draw(router);

            RoutingCurve.Metrics m = curve.metrics();
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString(title, LEFT, 30);
            legend(g, new String[] {
                    String.format(Locale.ROOT, "router: APGR %.3f, CPT(50%%) %.1f%%, CPT(80%%) %.1f%%",
                            m.apgr(), 100 * m.cpt50(), 100 * m.cpt80()),
                    "random router (APGR 0.500, CPT(50%) 50%)",
                    String.format(Locale.ROOT, "optimal router (only prompts just the strong model gets: %.1f%%)",
                            100 * curve.heavyNeededShare()),
                    String.format(Locale.ROOT, "weak alone %.1f%% / strong alone %.1f%%", 100 * weak, 100 * strong)},
                    new Color[] {new Color(0x1F77B4), new Color(0x999999), new Color(0x2CA02C), Color.GRAY});
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", png.toFile());
    }

    private static void legend(Graphics2D g, String[] labels, Color[] colors) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int x = LEFT + 330;
        int y = HEIGHT - BOTTOM - 20 - 20 * labels.length;
        g.setColor(new Color(255, 255, 255, 230));
        g.fillRect(x - 8, y - 16, WIDTH - RIGHT - x, 20 * labels.length + 8);
        for (int i = 0; i < labels.length; i++) {
            g.setColor(colors[i]);
            g.setStroke(new BasicStroke(3f));
            g.drawLine(x, y + 20 * i - 5, x + 24, y + 20 * i - 5);
            g.setColor(Color.BLACK);
            g.drawString(labels[i], x + 32, y + 20 * i);
        }
    }

    /** Data-to-pixel mapping and the axes with their ticks. */
    private record Axes(double yMin, double yMax) {

        int x(double share) {
            return (int) Math.round(LEFT + share * (WIDTH - LEFT - RIGHT));
        }

        int y(double quality) {
            return (int) Math.round(HEIGHT - BOTTOM - (quality - yMin) / (yMax - yMin) * (HEIGHT - TOP - BOTTOM));
        }

        void draw(Graphics2D g) {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            for (int pct = 0; pct <= 100; pct += 10) {
                int px = x(pct / 100.0);
                g.setColor(new Color(0xEEEEEE));
                g.drawLine(px, TOP, px, HEIGHT - BOTTOM);
                g.setColor(Color.BLACK);
                g.drawString(pct + "%", px - 12, HEIGHT - BOTTOM + 18);
            }
            for (double q = yMin; q <= yMax + 1e-9; q += 0.05) {
                int py = y(q);
                g.setColor(new Color(0xEEEEEE));
                g.drawLine(LEFT, py, WIDTH - RIGHT, py);
                g.setColor(Color.BLACK);
                g.drawString(String.format(Locale.ROOT, "%.0f%%", 100 * q), LEFT - 40, py + 4);
            }
            g.setColor(Color.BLACK);
            g.drawRect(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
            g.drawString("heavy (strong-model) calls, % of prompts", WIDTH / 2 - 130, HEIGHT - 25);
            g.rotate(-Math.PI / 2);
            g.drawString("quality: prompts answered correctly", -(HEIGHT / 2) - 110, 25);
            g.rotate(Math.PI / 2);
        }
    }
}
