package dev.descent.plot;

import java.awt.Color;
import java.awt.Paint;

import org.jfree.chart.renderer.PaintScale;

/**
 * A continuous color scale over [lower, upper], interpolated linearly between a few anchor colors.
 * Values outside the range take the end colors; NaN is transparent.
 */
final class ColorMap implements PaintScale {

    /** Viridis (perceptually uniform, readable in grey and by most color-blind readers): anchors at k/9. */
    private static final int[] VIRIDIS = {
        0x440154, 0x472d7b, 0x3b528b, 0x2c728e, 0x21918c, 0x28ae80, 0x5ec962, 0xaddc30, 0xfde725,
    };

    /** White to dark blue, for counts. */
    private static final int[] BLUES = {
        0xf7fbff, 0xdeebf7, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x4292c6, 0x2171b5, 0x08519c, 0x08306b,
    };

    private static final Color CLEAR = new Color(0, 0, 0, 0);

    private final double lower;
    private final double upper;
    private final Color[] anchors;

    private ColorMap(double lower, double upper, int[] rgb, double towardWhite) {
        this.lower = lower;
        this.upper = upper > lower ? upper : lower + 1;
        this.anchors = new Color[rgb.length];
        for (int k = 0; k < rgb.length; k++) {
            anchors[k] = mix(new Color(rgb[k]), Color.WHITE, towardWhite);
        }
    }

    /** Viridis over [lower, upper], each color moved {@code towardWhite} (0..1) of the way to white. */
    static ColorMap viridis(double lower, double upper, double towardWhite) {
        return new ColorMap(lower, upper, VIRIDIS, towardWhite);
    }

    static ColorMap blues(double lower, double upper) {
        return new ColorMap(lower, upper, BLUES, 0);
    }

    @Override
    public double getLowerBound() {
        return lower;
    }

    @Override
    public double getUpperBound() {
        return upper;
    }

    @Override
    public Paint getPaint(double value) {
        return color(value);
    }

    Color color(double value) {
        if (Double.isNaN(value)) {
            return CLEAR;
        }
        double t = Math.max(0, Math.min(1, (value - lower) / (upper - lower))) * (anchors.length - 1);
        int k = Math.min((int) t, anchors.length - 2);
        return mix(anchors[k], anchors[k + 1], t - k);
    }

    /** Relative luminance in [0, 1] of the color for {@code value}: picks black or white text on top of it. */
    double luminance(double value) {
        Color c = color(value);
        return (0.2126 * c.getRed() + 0.7152 * c.getGreen() + 0.0722 * c.getBlue()) / 255;
    }

    private static Color mix(Color a, Color b, double t) {
        return new Color(
                (int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * t),
                (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
                (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * t));
    }
}
