package dev.descent.plot;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
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
            // Under two decades a decade-only axis shows one or two labels (a short run's loss: just "0.1"), so
            // label 1, 2 and 5 times each power of ten, or every 1-9 multiple when the range is under one decade.
            return new ShortLogAxis(label, decades < 1 ? new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9} : new int[] {1, 2, 5});
        }
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        if (!range) {
            axis.setLowerMargin(0.01);
            axis.setUpperMargin(0.01);
        }
        return axis;
    }

    /** A base-10 log axis whose labelled ticks are the given multiples of each power of ten, as plain numbers. */
    static final class ShortLogAxis extends LogAxis {
        private static final long serialVersionUID = 1L;
        private final int[] multiples;

        ShortLogAxis(String label, int[] multiples) {
            super(label);
            this.multiples = multiples.clone();
            setBase(10);
            setSmallestValue(1e-300);
            setNumberFormatOverride(new DecimalFormat("0.##########", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        }

        @Override
        protected List<ValueTick> refreshTicksVertical(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
            return ticks(edge);
        }

        @Override
        protected List<ValueTick> refreshTicksHorizontal(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
            return ticks(edge);
        }

        private List<ValueTick> ticks(RectangleEdge edge) {
            double lower = getLowerBound();
            double upper = getUpperBound();
            TextAnchor anchor = RectangleEdge.isLeftOrRight(edge)
                    ? (edge == RectangleEdge.LEFT ? TextAnchor.CENTER_RIGHT : TextAnchor.CENTER_LEFT)
                    : (edge == RectangleEdge.TOP ? TextAnchor.BOTTOM_CENTER : TextAnchor.TOP_CENTER);
            List<ValueTick> ticks = new ArrayList<>();
            if (!(lower > 0) || !(upper > lower)) {
                return ticks;
            }
            for (int k = (int) Math.floor(Math.log10(lower)); k <= (int) Math.ceil(Math.log10(upper)); k++) {
                for (int m : multiples) {
                    // m·10^k parsed from its decimal form, so 0.3 is the double nearest 0.3, not 3 × 0.1
                    double v = Double.parseDouble(m + "e" + k);
                    if (v >= lower && v <= upper) {
                        ticks.add(new NumberTick(TickType.MAJOR, v, getNumberFormatOverride().format(v), anchor,
                                TextAnchor.CENTER, 0));
                    }
                }
            }
            return ticks;
        }
    }
}
