package dev.descent.plot;

import java.util.function.DoubleBinaryOperator;

/**
 * A function of two variables sampled on a rectangular grid: {@code z[i][j] = f(xs[i], ys[j])}. The coordinates
 * must increase strictly; charts draw cells of equal size, so evenly spaced coordinates give a true picture.
 * NaN values are allowed and left blank. Arrays are copied on the way in and out.
 */
public record Grid(double[] xs, double[] ys, double[][] z) {

    /** Checks the shape ({@code z} is {@code xs.length × ys.length}), the ordering and that some value is finite. */
    public Grid {
        if (xs == null || ys == null || z == null) {
            throw new IllegalArgumentException("xs, ys and z must not be null");
        }
        checkAxis(xs, "xs");
        checkAxis(ys, "ys");
        if (z.length != xs.length) {
            throw new IllegalArgumentException("z must have xs.length = " + xs.length + " rows, had " + z.length);
        }
        double[][] copy = new double[z.length][];
        boolean anyFinite = false;
        for (int i = 0; i < z.length; i++) {
            if (z[i] == null || z[i].length != ys.length) {
                throw new IllegalArgumentException("z[" + i + "] must have ys.length = " + ys.length + " values, had "
                        + (z[i] == null ? "null" : z[i].length));
            }
            copy[i] = z[i].clone();
            for (double v : copy[i]) {
                anyFinite |= Double.isFinite(v);
            }
        }
        if (!anyFinite) {
            throw new IllegalArgumentException("z must hold at least one finite value");
        }
        xs = xs.clone();
        ys = ys.clone();
        z = copy;
    }

    /** The grid over the given ranges. */
    public static Grid of(double[] xs, double[] ys, double[][] z) {
        return new Grid(xs, ys, z);
    }

    /** Samples {@code f} at {@code steps × steps} evenly spaced points of [xMin, xMax] × [yMin, yMax]. */
    public static Grid sample(DoubleBinaryOperator f, double xMin, double xMax, double yMin, double yMax, int steps) {
        if (f == null) {
            throw new IllegalArgumentException("f must not be null");
        }
        if (steps < 2) {
            throw new IllegalArgumentException("steps must be >= 2, was " + steps);
        }
        double[] xs = linspace(xMin, xMax, steps, "x");
        double[] ys = linspace(yMin, yMax, steps, "y");
        double[][] z = new double[steps][steps];
        for (int i = 0; i < steps; i++) {
            for (int j = 0; j < steps; j++) {
                z[i][j] = f.applyAsDouble(xs[i], ys[j]);
            }
        }
        return new Grid(xs, ys, z);
    }

    @Override
    public double[] xs() {
        return xs.clone();
    }

    @Override
    public double[] ys() {
        return ys.clone();
    }

    @Override
    public double[][] z() {
        double[][] copy = new double[z.length][];
        for (int i = 0; i < z.length; i++) {
            copy[i] = z[i].clone();
        }
        return copy;
    }

    int nx() {
        return xs.length;
    }

    int ny() {
        return ys.length;
    }

    double x(int i) {
        return xs[i];
    }

    double y(int j) {
        return ys[j];
    }

    double at(int i, int j) {
        return z[i][j];
    }

    /** Smallest finite value. */
    double min() {
        double min = Double.POSITIVE_INFINITY;
        for (double[] row : z) {
            for (double v : row) {
                if (Double.isFinite(v) && v < min) {
                    min = v;
                }
            }
        }
        return min;
    }

    /** Largest finite value. */
    double max() {
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : z) {
            for (double v : row) {
                if (Double.isFinite(v) && v > max) {
                    max = v;
                }
            }
        }
        return max;
    }

    /** Smallest finite value above zero, or NaN when there is none. */
    double minPositive() {
        double min = Double.POSITIVE_INFINITY;
        for (double[] row : z) {
            for (double v : row) {
                if (Double.isFinite(v) && v > 0 && v < min) {
                    min = v;
                }
            }
        }
        return min == Double.POSITIVE_INFINITY ? Double.NaN : min;
    }

    /** Bilinear interpolation at (x, y), clamped to the grid's rectangle. */
    double valueAt(double x, double y) {
        int i = cell(xs, x);
        int j = cell(ys, y);
        double tx = clamp01((x - xs[i]) / (xs[i + 1] - xs[i]));
        double ty = clamp01((y - ys[j]) / (ys[j + 1] - ys[j]));
        double bottom = z[i][j] * (1 - tx) + z[i + 1][j] * tx;
        double top = z[i][j + 1] * (1 - tx) + z[i + 1][j + 1] * tx;
        return bottom * (1 - ty) + top * ty;
    }

    @Override
    public String toString() {
        return "Grid(x=[" + xs[0] + ", " + xs[xs.length - 1] + "] × " + xs.length
                + ", y=[" + ys[0] + ", " + ys[ys.length - 1] + "] × " + ys.length + ")";
    }

    /** Index i of the cell [v[i], v[i+1]] holding t, clamped to the first or last cell. */
    private static int cell(double[] v, double t) {
        int lo = 0;
        int hi = v.length - 2;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (v[mid] <= t) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private static double clamp01(double t) {
        return Math.max(0, Math.min(1, t));
    }

    private static void checkAxis(double[] v, String name) {
        if (v.length < 2) {
            throw new IllegalArgumentException(name + " must hold at least 2 values, had " + v.length);
        }
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i]) || (i > 0 && !(v[i] > v[i - 1]))) {
                throw new IllegalArgumentException(name + " must be finite and strictly increasing, was " + v[i]
                        + " at index " + i);
            }
        }
    }

    static double[] linspace(double from, double to, int n, String name) {
        if (!Double.isFinite(from) || !Double.isFinite(to) || !(to > from)) {
            throw new IllegalArgumentException(name + " range must be finite with min < max, was [" + from + ", "
                    + to + "]");
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = from + (to - from) * i / (n - 1);
        }
        return v;
    }
}
