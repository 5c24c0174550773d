package dev.descent.cli.lesson;

import dev.descent.minimize.Trace;
import dev.descent.minimize.Objective;
import dev.descent.plot.ContourChart;
import dev.descent.plot.Grid;
import dev.descent.plot.Series;
import java.util.List;

/** Contour grids sized to show every path: shared by {@code minimize}, {@code landscape} and the lessons. */
public final class Figures {
    private static final int SAMPLES = 121;

    private Figures() {
    }

    /** The path of a two-variable trace as a series. */
    public static Series path(String name, Trace trace) {
        return Series.of(name, trace.coordinate(0), trace.coordinate(1));
    }

    /**
     * {@code f} sampled over the box holding every point of {@code paths} and {@code extra} (x, y pairs), widened by a
     * fifth on each side; at least ±1 around a single point.
     */
    public static Grid gridAround(Objective f, List<Series> paths, double... extra) {
        return gridAround(f, false, paths, extra);
    }

    /**
     * Like {@link #gridAround(Objective, List, double...)}; with {@code square} both axes get the same span, so
     * contours keep their true shape (an elongated bowl looks elongated).
     */
    public static Grid gridAround(Objective f, boolean square, List<Series> paths, double... extra) {
        double x0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (Series s : paths) {
            double[] xs = s.x();
            double[] ys = s.y();
            for (int i = 0; i < xs.length; i++) {
                if (Double.isFinite(xs[i]) && Double.isFinite(ys[i])) {
                    x0 = Math.min(x0, xs[i]);
                    x1 = Math.max(x1, xs[i]);
                    y0 = Math.min(y0, ys[i]);
                    y1 = Math.max(y1, ys[i]);
                }
            }
        }
        for (int i = 0; i + 1 < extra.length; i += 2) {
            x0 = Math.min(x0, extra[i]);
            x1 = Math.max(x1, extra[i]);
            y0 = Math.min(y0, extra[i + 1]);
            y1 = Math.max(y1, extra[i + 1]);
        }
        if (square) {
            double half = Math.max(x1 - x0, y1 - y0) / 2;
            double cx = (x0 + x1) / 2;
            double cy = (y0 + y1) / 2;
            x0 = cx - half;
            x1 = cx + half;
            y0 = cy - half;
            y1 = cy + half;
        }
        double mx = Math.max((x1 - x0) / 5, 1e-9 + (x1 == x0 ? 1 : 0));
        double my = Math.max((y1 - y0) / 5, 1e-9 + (y1 == y0 ? 1 : 0));
        return Grid.sample((x, y) -> f.value(x, y), x0 - mx, x1 + mx, y0 - my, y1 + my, SAMPLES);
    }

    /** A contour chart of {@code grid}: log-spaced levels when the values are all ≥ 0 (losses), linear otherwise. */
    public static ContourChart contour(String title, Grid grid) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : grid.z()) {
            for (double v : row) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        ContourChart chart = ContourChart.of(title, grid);
        return min >= 0 && max > 0 ? chart.withLogLevels() : chart;
    }
}
