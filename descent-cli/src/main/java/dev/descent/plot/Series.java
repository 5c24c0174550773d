package dev.descent.plot;

import java.util.Arrays;
import java.util.Objects;

/**
 * A named sequence of (x, y) points: one line of a {@link LineChart} or one optimizer's path on a
 * {@link ContourChart}. The arrays are copied on the way in and out; NaN leaves a gap in a line.
 */
public record Series(String name, double[] x, double[] y) {

    /** Checks that both arrays are present and of equal length, and copies them. */
    public Series {
        Render.require(name, "name");
        if (x == null || y == null) {
            throw new IllegalArgumentException("series '" + name + "': x and y must not be null");
        }
        if (x.length != y.length) {
            throw new IllegalArgumentException("series '" + name + "': x and y must have the same length, were "
                    + x.length + " and " + y.length);
        }
        x = x.clone();
        y = y.clone();
    }

    /** The points (x[i], y[i]). */
    public static Series of(String name, double[] x, double[] y) {
        return new Series(name, x, y);
    }

    /** The points (i, y[i-1]) for i = 1..n: a value per epoch or per step, counted from 1. */
    public static Series of(String name, double[] y) {
        if (y == null) {
            throw new IllegalArgumentException("series '" + name + "': y must not be null");
        }
        double[] x = new double[y.length];
        Arrays.setAll(x, i -> i + 1);
        return new Series(name, x, y);
    }

    @Override
    public double[] x() {
        return x.clone();
    }

    @Override
    public double[] y() {
        return y.clone();
    }

    /** Number of points. */
    public int size() {
        return x.length;
    }

    double xAt(int i) {
        return x[i];
    }

    double yAt(int i) {
        return y[i];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Series s && name.equals(s.name) && Arrays.equals(x, s.x) && Arrays.equals(y, s.y);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(x), Arrays.hashCode(y));
    }

    @Override
    public String toString() {
        return "Series(name=" + name + ", points=" + x.length + ")";
    }
}
