package dev.descent.plot;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.function.DoubleUnaryOperator;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A function of one variable with the points gradient descent visited drawn on it, each step an arrow from one
 * point to the next, bowed upward so it stands clear of the curve; the first and last points are labelled with
 * their x.
 *
 * <pre>{@code
 * CurveWithSteps.of("f(x) = x² + 5", x -> x * x + 5, 7, 5.6, 4.48, 3.584).save(Path.of("steps.png"));
 * }</pre>
 */
public record CurveWithSteps(String title, String xLabel, String yLabel, Series curve, Series steps,
                             int width, int height) {

    private static final int SAMPLES = 400;

    /** Checks every part. */
    public CurveWithSteps {
        Render.require(title, "title");
        Render.require(xLabel, "xLabel");
        Render.require(yLabel, "yLabel");
        if (curve == null || steps == null) {
            throw new IllegalArgumentException("curve and steps must not be null");
        }
        if (curve.size() < 2) {
            throw new IllegalArgumentException("curve must hold at least 2 points, had " + curve.size());
        }
        Render.checkSize(width, height);
    }

    /**
     * {@code f} drawn over the visited x's (with a margin of a tenth of their spread on each side, and at least
     * the range [−|x₀|, |x₀|] so a descent toward 0 shows both sides), and the steps at (x, f(x)).
     */
    public static CurveWithSteps of(String title, DoubleUnaryOperator f, double... xs) {
        if (f == null || xs == null || xs.length == 0) {
            throw new IllegalArgumentException("f and at least one x must be given");
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double[] ys = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            if (!Double.isFinite(xs[i])) {
                throw new IllegalArgumentException("xs must be finite, was " + xs[i] + " at index " + i);
            }
            lo = Math.min(lo, xs[i]);
            hi = Math.max(hi, xs[i]);
            ys[i] = f.applyAsDouble(xs[i]);
        }
        lo = Math.min(lo, -Math.abs(xs[0]));
        hi = Math.max(hi, Math.abs(xs[0]));
        double margin = hi > lo ? (hi - lo) / 10 : 1;
        double[] cx = Grid.linspace(lo - margin, hi + margin, SAMPLES, "x");
        double[] cy = new double[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            cy[i] = f.applyAsDouble(cx[i]);
        }
        return of(title, Series.of("f(x)", cx, cy), Series.of("gradient descent steps", xs, ys));
    }

    /** A curve given by its points and the steps given by theirs; the series names appear in the legend. */
    public static CurveWithSteps of(String title, Series curve, Series steps) {
        return new CurveWithSteps(title, "x", "f(x)", curve, steps, 860, 560);
    }

    /** The same chart with other axis labels. */
    public CurveWithSteps withLabels(String xLabel, String yLabel) {
        return new CurveWithSteps(title, xLabel, yLabel, curve, steps, width, height);
    }

    /** The same chart at another size in pixels (SVG user units). */
    public CurveWithSteps withSize(int width, int height) {
        return new CurveWithSteps(title, xLabel, yLabel, curve, steps, width, height);
    }

    /** Writes the chart as PNG or SVG, chosen by the extension of {@code out}. */
    public void save(Path out) throws IOException {
        Render.save(this::chart, width, height, out);
    }

    JFreeChart chart() {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Series s : new Series[] {curve, steps}) {
            XYSeries xy = new XYSeries(s.name(), false, true);
            for (int i = 0; i < s.size(); i++) {
                xy.add(s.xAt(i), s.yAt(i), false);
            }
            data.addSeries(xy);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
        NumberAxis xAxis = new NumberAxis(xLabel);
        NumberAxis yAxis = new NumberAxis(yLabel);
        xAxis.setAutoRangeIncludesZero(false);
        yAxis.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, xAxis, yAxis, renderer);
        JFreeChart chart = new JFreeChart(title, plot);
        Render.theme(chart);
        Render.gridLines(plot);
        Color curveColor = new Color(0x1f77b4);
        Color stepColor = new Color(0xd62728);
        renderer.setSeriesPaint(0, curveColor);
        renderer.setSeriesStroke(0, Render.stroke(2.4f));
        renderer.setSeriesShapesVisible(0, false);
        renderer.setSeriesPaint(1, stepColor);
        renderer.setSeriesLinesVisible(1, false);
        renderer.setSeriesShape(1, Render.dot(9));
        renderer.setSeriesOutlinePaint(1, Color.WHITE);
        renderer.setUseOutlinePaint(true);
        for (int i = 0; i + 1 < steps.size(); i++) {
            renderer.addAnnotation(new Arrow(steps.xAt(i), steps.yAt(i), steps.xAt(i + 1), steps.yAt(i + 1),
                    new Color(0xd62728)));
        }
        if (steps.size() > 0) {
            label(plot, 0, TextAnchor.BOTTOM_RIGHT);
        }
        if (steps.size() > 1) {
            label(plot, steps.size() - 1, TextAnchor.TOP_CENTER);
        }
        return chart;
    }

    private void label(XYPlot plot, int i, TextAnchor anchor) {
        String text = (anchor == TextAnchor.TOP_CENTER ? "\n" : "  ") + "x" + subscript(i) + " = "
                + new DecimalFormat("0.####").format(steps.xAt(i));
        XYTextAnnotation a = new XYTextAnnotation(text.strip(), steps.xAt(i), steps.yAt(i));
        a.setFont(Render.font(Font.BOLD, 14));
        a.setPaint(new Color(0x222222));
        a.setTextAnchor(anchor);
        a.setBackgroundPaint(new Color(255, 255, 255, 200));
        plot.addAnnotation(a);
    }

    private static String subscript(int n) {
        StringBuilder sb = new StringBuilder();
        for (char c : Integer.toString(n).toCharArray()) {
            sb.append((char) ('\u2080' + (c - '0')));
        }
        return sb.toString();
    }
}
