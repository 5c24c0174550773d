package dev.descent.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYLineAnnotation;
import org.jfree.chart.annotations.XYPolygonAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A 3-D view of a {@link Grid} as a colored surface, optionally with optimizer paths lying on it.
 *
 * <p>JFreeChart has no 3-D plot (its 3-D sibling, Orson Charts, is GPL), so the surface is projected here:
 * the grid (thinned to at most 40 × 40 cells, which keeps an SVG under a megabyte) is scaled into a box, each
 * cell becomes a quadrilateral seen by an orthographic camera at the given azimuth and elevation, and the
 * cells are drawn farthest first (painter's algorithm) as polygon annotations on a plain XY plot with hidden
 * axes. Paths take their height from the grid (bilinear) and are drawn on top, so a path behind a hill stays
 * visible.
 */
public record SurfaceChart(String title, String xLabel, String yLabel, String zLabel, Grid grid, List<Series> paths,
                           double azimuth, double elevation, int width, int height) {

    private static final int MAX_CELLS = 40;
    /** Half the height of the box the surface is scaled into; its floor is [-1, 1] × [-1, 1]. */
    private static final double HALF_HEIGHT = 0.7;
    /** How far from the centre of an edge (the corner is 1) its end values are written. */
    private static final double INSET = 0.8;

    /** Checks every part; the elevation must be in [0, 90] degrees. */
    public SurfaceChart {
        Render.require(title, "title");
        Render.require(xLabel, "xLabel");
        Render.require(yLabel, "yLabel");
        Render.require(zLabel, "zLabel");
        if (grid == null) {
            throw new IllegalArgumentException("grid must not be null");
        }
        paths = Render.copy(paths, "paths", false);
        if (!Double.isFinite(azimuth)) {
            throw new IllegalArgumentException("azimuth must be finite, was " + azimuth);
        }
        if (!(elevation >= 0 && elevation <= 90)) {
            throw new IllegalArgumentException("elevation must be in [0, 90] degrees, was " + elevation);
        }
        Render.checkSize(width, height);
    }

    /** The surface seen from azimuth −60°, elevation 30°, axes x, y and f(x, y), 820 × 680 pixels. */
    public static SurfaceChart of(String title, Grid grid) {
        return new SurfaceChart(title, "x", "y", "f(x, y)", grid, List.of(), -60, 30, 820, 680);
    }

    /** The same chart with other axis labels. */
    public SurfaceChart withLabels(String xLabel, String yLabel, String zLabel) {
        return new SurfaceChart(title, xLabel, yLabel, zLabel, grid, paths, azimuth, elevation, width, height);
    }

    /** The same chart with these paths (replacing any before), lying on the surface. */
    public SurfaceChart withPaths(Series... paths) {
        return new SurfaceChart(title, xLabel, yLabel, zLabel, grid, Render.list(paths), azimuth, elevation, width,
                height);
    }

    /**
     * The same surface seen from another direction: {@code azimuth} in degrees counter-clockwise from the +x axis
     * around the vertical, {@code elevation} in degrees above the floor (0 side-on, 90 from straight above).
     */
    public SurfaceChart withView(double azimuth, double elevation) {
        return new SurfaceChart(title, xLabel, yLabel, zLabel, grid, paths, azimuth, elevation, width, height);
    }

    /** The same chart at another size in pixels (SVG user units). */
    public SurfaceChart withSize(int width, int height) {
        return new SurfaceChart(title, xLabel, yLabel, zLabel, grid, paths, azimuth, elevation, width, height);
    }

    /** Writes the chart as PNG or SVG, chosen by the extension of {@code out}. */
    public void save(Path out) throws IOException {
        Render.save(this::chart, width, height, out);
    }

    JFreeChart chart() {
        Camera camera = new Camera(Math.toRadians(azimuth), Math.toRadians(elevation));
        double zMin = grid.min();
        double zMax = grid.max() > zMin ? grid.max() : zMin + 1;
        ColorMap colors = ColorMap.viridis(zMin, zMax, 0);

        XYSeriesCollection pathData = new XYSeriesCollection();
        for (Series s : paths) {
            XYSeries xy = new XYSeries(s.name(), false, true);
            for (int i = 0; i < s.size(); i++) {
                double z = grid.valueAt(s.xAt(i), s.yAt(i));
                double[] p = camera.project(nx(s.xAt(i)), ny(s.yAt(i)), nz(z, zMin, zMax));
                xy.add(p[0], p[1], false);
            }
            pathData.addSeries(xy);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        NumberAxis xAxis = new NumberAxis();
        NumberAxis yAxis = new NumberAxis();
        XYPlot plot = new XYPlot(pathData, xAxis, yAxis, renderer);
        JFreeChart chart = new JFreeChart(title, plot);
        Render.theme(chart);
        xAxis.setVisible(false);
        yAxis.setVisible(false);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setOutlineVisible(false);
        for (int k = 0; k < paths.size(); k++) {
            renderer.setSeriesPaint(k, Render.pathColor(k));
            renderer.setSeriesStroke(k, Render.stroke(2.2f));
            renderer.setSeriesShape(k, Render.dot(6));
            renderer.setSeriesOutlinePaint(k, Color.WHITE);
        }
        renderer.setUseOutlinePaint(true);
        chart.getLegend().setVisible(!paths.isEmpty());

        drawBox(renderer, plot, camera, zMin, zMax);
        drawCells(renderer, camera, colors, zMin, zMax);
        fitRanges(xAxis, yAxis, camera);
        chart.addSubtitle(ValueScale.of(grid, false).legend(colors));
        return chart;
    }

    /** Cells of the thinned grid as filled quadrilaterals, farthest first. */
    private void drawCells(XYLineAndShapeRenderer renderer, Camera camera, ColorMap colors, double zMin,
                           double zMax) {
        int[] is = thin(grid.nx());
        int[] js = thin(grid.ny());
        record Cell(double depth, double[] polygon, double value) {
        }
        List<Cell> cells = new ArrayList<>();
        for (int a = 0; a + 1 < is.length; a++) {
            for (int b = 0; b + 1 < js.length; b++) {
                int[][] corners = {{is[a], js[b]}, {is[a + 1], js[b]}, {is[a + 1], js[b + 1]}, {is[a], js[b + 1]}};
                double[] polygon = new double[8];
                double depth = 0;
                double sum = 0;
                boolean finite = true;
                for (int c = 0; c < 4; c++) {
                    double z = grid.at(corners[c][0], corners[c][1]);
                    finite &= Double.isFinite(z);
                    double[] p = camera.project(nx(grid.x(corners[c][0])), ny(grid.y(corners[c][1])),
                            nz(z, zMin, zMax));
                    polygon[2 * c] = p[0];
                    polygon[2 * c + 1] = p[1];
                    depth += p[2];
                    sum += z;
                }
                if (finite) {
                    cells.add(new Cell(depth, polygon, sum / 4));
                }
            }
        }
        cells.sort(Comparator.comparingDouble(Cell::depth));
        BasicStroke edge = new BasicStroke(0.5f);
        for (Cell cell : cells) {
            Color fill = colors.color(cell.value());
            Color line = new Color(fill.getRed() * 3 / 4, fill.getGreen() * 3 / 4, fill.getBlue() * 3 / 4);
            renderer.addAnnotation(new XYPolygonAnnotation(cell.polygon(), edge, line, fill), Layer.BACKGROUND);
        }
    }

    /** The floor's edges, a vertical z axis at the leftmost floor corner, and min/max labels on each axis. */
    private void drawBox(XYLineAndShapeRenderer renderer, XYPlot plot, Camera camera, double zMin, double zMax) {
        double floor = -HALF_HEIGHT;
        double[][] corners = {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}};
        BasicStroke stroke = new BasicStroke(1f);
        Color edge = new Color(0x888888);
        for (int c = 0; c < 4; c++) {
            double[] p = camera.project(corners[c][0], corners[c][1], floor);
            double[] q = camera.project(corners[(c + 1) % 4][0], corners[(c + 1) % 4][1], floor);
            renderer.addAnnotation(new XYLineAnnotation(p[0], p[1], q[0], q[1], stroke, edge), Layer.BACKGROUND);
        }
        // The x edge and y edge nearest the viewer carry the labels; the z axis stands at the leftmost corner.
        double xEdgeY = camera.project(0, -1, floor)[2] > camera.project(0, 1, floor)[2] ? -1 : 1;
        double yEdgeX = camera.project(-1, 0, floor)[2] > camera.project(1, 0, floor)[2] ? -1 : 1;
        // The end values sit a little in from the corners: where the x and y edges meet, labels placed at the
        // corner itself overlap ("7.58-2.601"); a short tick from the corner shows which end each one names.
        label(plot, camera, new double[] {0, xEdgeY * 1.28, floor}, xLabel, true);
        tick(renderer, plot, camera, new double[] {-1, xEdgeY, floor}, new double[] {-INSET, xEdgeY * 1.12, floor},
                number(grid.x(0)));
        tick(renderer, plot, camera, new double[] {1, xEdgeY, floor}, new double[] {INSET, xEdgeY * 1.12, floor},
                number(grid.x(grid.nx() - 1)));
        label(plot, camera, new double[] {yEdgeX * 1.28, 0, floor}, yLabel, true);
        tick(renderer, plot, camera, new double[] {yEdgeX, -1, floor}, new double[] {yEdgeX * 1.12, -INSET, floor},
                number(grid.y(0)));
        tick(renderer, plot, camera, new double[] {yEdgeX, 1, floor}, new double[] {yEdgeX * 1.12, INSET, floor},
                number(grid.y(grid.ny() - 1)));

        double[] left = corners[0];
        for (double[] c : corners) {
            if (camera.project(c[0], c[1], floor)[0] < camera.project(left[0], left[1], floor)[0]) {
                left = c;
            }
        }
        double[] bottom = camera.project(left[0], left[1], floor);
        double[] top = camera.project(left[0], left[1], HALF_HEIGHT);
        renderer.addAnnotation(new XYLineAnnotation(bottom[0], bottom[1], top[0], top[1], stroke, edge),
                Layer.BACKGROUND);
        // The bottom value sits above its corner, clear of the floor's tick labels there.
        double[] low = camera.project(left[0], left[1], floor);
        plot.addAnnotation(text(number(zMin) + "  ", low[0], low[1], TextAnchor.BOTTOM_RIGHT, false));
        double[] high = camera.project(left[0], left[1], HALF_HEIGHT);
        plot.addAnnotation(text(number(zMax) + "  ", high[0], high[1], TextAnchor.CENTER_RIGHT, false));
        double[] mid = camera.project(left[0], left[1], 0);
        XYTextAnnotation z = text(zLabel + "  ", mid[0], mid[1], TextAnchor.CENTER_RIGHT, true);
        plot.addAnnotation(z);
    }

    /** An end value at {@code at}, joined by a short grey line to the corner it names. */
    private static void tick(XYLineAndShapeRenderer renderer, XYPlot plot, Camera camera, double[] corner,
                             double[] at, String text) {
        double[] p = camera.project(corner[0], corner[1], corner[2]);
        double[] mid = {(corner[0] + at[0]) / 2, (corner[1] + at[1]) / 2, corner[2]};
        double[] q = camera.project(mid[0], mid[1], mid[2]);
        renderer.addAnnotation(new XYLineAnnotation(p[0], p[1], q[0], q[1], new BasicStroke(1f), new Color(0xbbbbbb)),
                Layer.BACKGROUND);
        label(plot, camera, at, text, false);
    }

    private static void label(XYPlot plot, Camera camera, double[] at, String text, boolean bold) {
        double[] p = camera.project(at[0], at[1], at[2]);
        plot.addAnnotation(text(text, p[0], p[1], TextAnchor.CENTER, bold));
    }

    private static XYTextAnnotation text(String text, double x, double y, TextAnchor anchor, boolean bold) {
        XYTextAnnotation a = new XYTextAnnotation(text, x, y);
        a.setFont(Render.font(bold ? Font.BOLD : Font.PLAIN, bold ? 15 : 13));
        a.setPaint(new Color(0x333333));
        a.setTextAnchor(anchor);
        return a;
    }

    /** Axis ranges around the box with equal units on both screen axes, for the plot area the chart leaves. */
    private void fitRanges(NumberAxis xAxis, NumberAxis yAxis, Camera camera) {
        double uMin = Double.POSITIVE_INFINITY;
        double uMax = Double.NEGATIVE_INFINITY;
        double vMin = Double.POSITIVE_INFINITY;
        double vMax = Double.NEGATIVE_INFINITY;
        for (double x = -1.3; x <= 1.3; x += 2.6) {
            for (double y = -1.3; y <= 1.3; y += 2.6) {
                for (double z = -HALF_HEIGHT; z <= HALF_HEIGHT; z += 2 * HALF_HEIGHT) {
                    double[] p = camera.project(x, y, z);
                    uMin = Math.min(uMin, p[0]);
                    uMax = Math.max(uMax, p[0]);
                    vMin = Math.min(vMin, p[1]);
                    vMax = Math.max(vMax, p[1]);
                }
            }
        }
        // Room taken by title, legend and color bar, estimated: the ratio only needs to be close.
        double areaWidth = width - 140.0;
        double areaHeight = height - (paths.isEmpty() ? 70.0 : 100.0);
        double unitsPerPixel = Math.max((uMax - uMin) / areaWidth, (vMax - vMin) / areaHeight);
        double uMid = (uMin + uMax) / 2;
        double vMid = (vMin + vMax) / 2;
        xAxis.setRange(uMid - unitsPerPixel * areaWidth / 2, uMid + unitsPerPixel * areaWidth / 2);
        yAxis.setRange(vMid - unitsPerPixel * areaHeight / 2, vMid + unitsPerPixel * areaHeight / 2);
    }

    /** Up to MAX_CELLS + 1 evenly spread indices of 0..n-1, always including both ends. */
    private static int[] thin(int n) {
        int cells = Math.min(n - 1, MAX_CELLS);
        int[] idx = new int[cells + 1];
        for (int k = 0; k <= cells; k++) {
            idx[k] = (int) Math.round((double) k * (n - 1) / cells);
        }
        return idx;
    }

    private double nx(double x) {
        return 2 * (x - grid.x(0)) / (grid.x(grid.nx() - 1) - grid.x(0)) - 1;
    }

    private double ny(double y) {
        return 2 * (y - grid.y(0)) / (grid.y(grid.ny() - 1) - grid.y(0)) - 1;
    }

    private static double nz(double z, double zMin, double zMax) {
        return HALF_HEIGHT * (2 * (z - zMin) / (zMax - zMin) - 1);
    }

    private static String number(double v) {
        return new DecimalFormat(Math.abs(v) >= 1e5 || (v != 0 && Math.abs(v) < 1e-3) ? "0.##E0" : "0.###")
                .format(v);
    }

    /** Orthographic camera: screen right r, screen up u, and d pointing toward the viewer (larger = nearer). */
    private record Camera(double azimuth, double elevation) {
        double[] project(double x, double y, double z) {
            double ca = Math.cos(azimuth);
            double sa = Math.sin(azimuth);
            double ce = Math.cos(elevation);
            double se = Math.sin(elevation);
            double u = -sa * x + ca * y;
            double v = -se * ca * x - se * sa * y + ce * z;
            double d = ce * ca * x + ce * sa * y + se * z;
            return new double[] {u, v, d};
        }
    }
}
