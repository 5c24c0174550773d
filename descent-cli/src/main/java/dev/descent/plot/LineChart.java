package dev.descent.plot;

import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.TickUnits;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Named lines against a common x axis: loss per epoch (train and validation), a learning-rate range test
 * ({@link #withLogX()}), several learning rates side by side, −log(a) against −log(1−a).
 *
 * <pre>{@code
 * LineChart.of("Loss", "epoch", "loss", Series.of("train", train), Series.of("validation", validation))
 *         .withLogY().save(Path.of("loss.png"));
 * }</pre>
 */
public record LineChart(String title, String xLabel, String yLabel, List<Series> series,
                        boolean logX, boolean logY, boolean markers, int width, int height) {

    /** Checks labels, series and size; a log axis needs every finite value on it to be positive. */
    public LineChart {
        Render.require(title, "title");
        Render.require(xLabel, "xLabel");
        Render.require(yLabel, "yLabel");
        series = Render.copy(series, "series", true);
        for (Series s : series) {
            for (int i = 0; i < s.size(); i++) {
                if (logX && !(s.xAt(i) > 0) && Double.isFinite(s.xAt(i))) {
                    throw new IllegalArgumentException("log x axis needs x > 0, series '" + s.name() + "' has "
                            + s.xAt(i) + " at index " + i);
                }
                if (logY && !(s.yAt(i) > 0) && Double.isFinite(s.yAt(i))) {
                    throw new IllegalArgumentException("log y axis needs y > 0, series '" + s.name() + "' has "
                            + s.yAt(i) + " at index " + i);
                }
            }
        }
        Render.checkSize(width, height);
    }

    /** A chart of the given series on linear axes, 900 × 560 pixels, lines without markers. */
    public static LineChart of(String title, String xLabel, String yLabel, Series... series) {
        return of(title, xLabel, yLabel, Render.list(series));
    }

    /** A chart of the given series on linear axes, 900 × 560 pixels, lines without markers. */
    public static LineChart of(String title, String xLabel, String yLabel, List<Series> series) {
        return new LineChart(title, xLabel, yLabel, series, false, false, false, 900, 560);
    }

    /** The same chart with a base-10 logarithmic x axis (learning-rate range tests). */
    public LineChart withLogX() {
        return new LineChart(title, xLabel, yLabel, series, true, logY, markers, width, height);
    }

    /** The same chart with a base-10 logarithmic y axis (losses over several decades). */
    public LineChart withLogY() {
        return new LineChart(title, xLabel, yLabel, series, logX, true, markers, width, height);
    }

    /** The same chart with a marker on every point. */
    public LineChart withMarkers() {
        return new LineChart(title, xLabel, yLabel, series, logX, logY, true, width, height);
    }

    /** The same chart at another size in pixels (SVG user units). */
    public LineChart withSize(int width, int height) {
        return new LineChart(title, xLabel, yLabel, series, logX, logY, markers, width, height);
    }

    /** Writes the chart as PNG or SVG, chosen by the extension of {@code out}. */
    public void save(Path out) throws IOException {
        Render.save(this::chart, width, height, out);
    }

    JFreeChart chart() {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Series s : series) {
            XYSeries xy = new XYSeries(s.name(), false, true);
            for (int i = 0; i < s.size(); i++) {
                xy.add(s.xAt(i), s.yAt(i), false);
            }
            data.addSeries(xy);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, markers);
        XYPlot plot = new XYPlot(data, axis(xLabel, logX, false, decades(true)), axis(yLabel, logY, true, decades(false)),
                renderer);
        JFreeChart chart = new JFreeChart(title, plot);
        Render.theme(chart);
        Render.gridLines(plot);
        for (int k = 0; k < series.size(); k++) {
            renderer.setSeriesPaint(k, Render.color(k));
            renderer.setSeriesStroke(k, Render.stroke(2.2f));
            renderer.setSeriesShape(k, Render.dot(7));
        }
        chart.getLegend().setVisible(series.size() > 1 || !series.get(0).name().isEmpty());
        return chart;
    }

    /** How many decades the finite positive x (or y) values of all series span. */
    private double decades(boolean x) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (Series s : series) {
            for (int i = 0; i < s.size(); i++) {
                double v = x ? s.xAt(i) : s.yAt(i);
                if (v > 0 && Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        return hi > lo ? Math.log10(hi / lo) : 0;
    }

    private static ValueAxis axis(String label, boolean log, boolean range, double decades) {
        if (log && decades >= 2) {
            // Over two decades and more, LogarithmicAxis labels some 2-9 multiples and they collide ("0.0010.002"):
            // label whole decades only, as plain numbers, with the 2-9 multiples as unlabelled minor ticks.
            LogAxis axis = new LogAxis(label);
            axis.setBase(10);
            TickUnits decadeSteps = new TickUnits();
            for (int k : new int[] {1, 2, 3, 5, 10}) {
                decadeSteps.add(new NumberTickUnit(k));
            }
            axis.setStandardTickUnits(decadeSteps);
            DecimalFormat plain = new DecimalFormat("0.##########", DecimalFormatSymbols.getInstance(Locale.ROOT));
            axis.setNumberFormatOverride(plain);
            axis.setMinorTickCount(9);
            axis.setMinorTickMarksVisible(true);
            axis.setSmallestValue(1e-300);
            return axis;
        }
        if (log) {
            // LogarithmicAxis labels plain numbers (0.2, 0.5, 1, 2) rather than LogAxis' fractional powers 10^0.3.
            LogarithmicAxis axis = new LogarithmicAxis(label);
            axis.setStrictValuesFlag(false);
            axis.setAutoRangeNextLogFlag(false);
            return axis;
        }
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        if (!range) {
            axis.setLowerMargin(0.01);
            axis.setUpperMargin(0.01);
        }
        return axis;
    }
}
