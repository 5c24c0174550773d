package dev.descent.plot;

import java.util.Arrays;

/**
 * Iso-lines of a sampled function by marching squares. Each grid cell is classified by which of its four corners
 * lie at or above the level; the line crosses the cell's edges where the value, interpolated linearly along the
 * edge, equals the level. The two ambiguous "saddle" cases are settled by the mean of the four corners.
 */
final class Contours {

    // Edges of the cell with corners a=(i,j), b=(i+1,j), c=(i+1,j+1), d=(i,j+1):
    // 0 = a-b (bottom), 1 = b-c (right), 2 = c-d (top), 3 = d-a (left).
    // SEGMENTS[case] lists edge pairs; case bit 1 = a, 2 = b, 4 = c, 8 = d at or above the level.
    // A case and its complement (15 - case) cut the same edges. Cases 5 and 10 are saddles, handled apart.
    private static final int[][] SEGMENTS = {
        {}, {3, 0}, {0, 1}, {3, 1}, {1, 2}, {}, {0, 2}, {3, 2},
        {3, 2}, {0, 2}, {}, {1, 2}, {3, 1}, {0, 1}, {3, 0}, {},
    };

    private Contours() {
    }

    /**
     * The iso-line {@code f = level} of a grid whose values are {@code t[i][j]} (already transformed, for log
     * levels), as two arrays {x, y} of segment end points, each segment followed by a NaN point so that a line
     * renderer draws the segments unconnected. Cells with a NaN corner are skipped.
     */
    static double[][] line(Grid grid, double[][] t, double level) {
        DoubleList xs = new DoubleList();
        DoubleList ys = new DoubleList();
        double[] ex = new double[4];
        double[] ey = new double[4];
        for (int i = 0; i + 1 < grid.nx(); i++) {
            for (int j = 0; j + 1 < grid.ny(); j++) {
                double a = t[i][j];
                double b = t[i + 1][j];
                double c = t[i + 1][j + 1];
                double d = t[i][j + 1];
                if (Double.isNaN(a) || Double.isNaN(b) || Double.isNaN(c) || Double.isNaN(d)) {
                    continue;
                }
                int kind = (a >= level ? 1 : 0) | (b >= level ? 2 : 0) | (c >= level ? 4 : 0) | (d >= level ? 8 : 0);
                if (kind == 0 || kind == 15) {
                    continue;
                }
                double x0 = grid.x(i);
                double x1 = grid.x(i + 1);
                double y0 = grid.y(j);
                double y1 = grid.y(j + 1);
                ex[0] = lerp(x0, x1, a, b, level);
                ey[0] = y0;
                ex[1] = x1;
                ey[1] = lerp(y0, y1, b, c, level);
                ex[2] = lerp(x0, x1, d, c, level);
                ey[2] = y1;
                ex[3] = x0;
                ey[3] = lerp(y0, y1, a, d, level);
                int[] edges;
                if (kind == 5 || kind == 10) {
                    boolean centreAbove = (a + b + c + d) / 4 >= level;
                    // Above-centre joins the "above" corners, so the segments cut off the two "below" corners.
                    boolean cutAandC = (kind == 5) != centreAbove;
                    edges = cutAandC ? new int[] {3, 0, 1, 2} : new int[] {0, 1, 2, 3};
                } else {
                    edges = SEGMENTS[kind];
                }
                for (int k = 0; k < edges.length; k += 2) {
                    xs.add(ex[edges[k]]);
                    ys.add(ey[edges[k]]);
                    xs.add(ex[edges[k + 1]]);
                    ys.add(ey[edges[k + 1]]);
                    xs.add(Double.NaN);
                    ys.add(Double.NaN);
                }
            }
        }
        return new double[][] {xs.toArray(), ys.toArray()};
    }

    /** Position between p0 and p1 where the value, linear from v0 to v1, equals level. */
    private static double lerp(double p0, double p1, double v0, double v1, double level) {
        double t = v1 == v0 ? 0.5 : (level - v0) / (v1 - v0);
        return p0 + (p1 - p0) * Math.max(0, Math.min(1, t));
    }

    /** A growable double array, to avoid boxing thousands of segment ends. */
    private static final class DoubleList {
        private double[] values = new double[64];
        private int size;

        void add(double v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        double[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
