package dev.descent.plot;

import java.awt.Font;
import java.text.DecimalFormat;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;

import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;

/**
 * How grid values map to colors: either as they are, or as log10 of the value clamped below at a floor (the
 * smallest positive value, but at least max × 1e-4). {@code lower} and {@code upper} are in the mapped space.
 */
record ValueScale(boolean log, double floor, double lower, double upper) {

    static ValueScale of(Grid grid, boolean log) {
        double max = grid.max();
        if (!log) {
            double min = grid.min();
            return new ValueScale(false, Double.NaN, min, max > min ? max : min + 1);
        }
        double positive = grid.minPositive();
        double floor = Double.isNaN(positive) ? max * 1e-4 : Math.max(positive, max * 1e-4);
        double lower = Math.log10(floor);
        double upper = Math.log10(max);
        return new ValueScale(true, floor, lower, upper > lower ? upper : lower + 1);
    }

    double apply(double value) {
        if (!log || Double.isNaN(value)) {
            return value;
        }
        return Math.log10(Math.max(value, floor));
    }

    double[][] transform(Grid grid) {
        double[][] t = new double[grid.nx()][grid.ny()];
        for (int i = 0; i < grid.nx(); i++) {
            for (int j = 0; j < grid.ny(); j++) {
                double v = grid.at(i, j);
                t[i][j] = Double.isFinite(v) ? apply(v) : Double.NaN;
            }
        }
        return t;
    }

    /** A vertical color bar at the right; in log mode its ticks sit at powers of ten, labelled with the value. */
    PaintScaleLegend legend(ColorMap colors) {
        NumberAxis axis = new NumberAxis(null);
        axis.setRange(lower, upper);
        axis.setTickLabelFont(Render.font(Font.PLAIN, 12));
        if (log) {
            axis.setTickUnit(new NumberTickUnit(1, new PowerOfTen()));
        }
        PaintScaleLegend legend = new PaintScaleLegend(colors, axis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
        legend.setStripWidth(14);
        legend.setSubdivisionCount(256);
        legend.setMargin(new RectangleInsets(40, 12, 60, 0));
        legend.setStripOutlineVisible(false);
        return legend;
    }

    /** Formats an exponent k as the number 10^k: 0.001, 0.1, 1, 100, 1e+06. */
    private static final class PowerOfTen extends NumberFormat {
        private static final long serialVersionUID = 1L;

        @Override
        public StringBuffer format(double exponent, StringBuffer to, FieldPosition pos) {
            double value = Math.pow(10, Math.rint(exponent));
            boolean plain = Math.abs(exponent) <= 4;
            return to.append(new DecimalFormat(plain ? "0.####" : "0E0").format(value));
        }

        @Override
        public StringBuffer format(long exponent, StringBuffer to, FieldPosition pos) {
            return format((double) exponent, to, pos);
        }

        @Override
        public Number parse(String source, ParsePosition pos) {
            throw new UnsupportedOperationException("PowerOfTen only formats");
        }
    }
}
