package dev.descent.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A function of two variables as a filled color map with contour lines, with optimizer paths (points joined by
 * lines, one color each, named in the legend) and labelled marks such as minima or starting points on top.
 *
 * <pre>{@code
 * Grid grid = Grid.sample((x, y) -> Math.pow(x * x + y - 11, 2) + Math.pow(x + y * y - 7, 2), -5, 5, -5, 5, 121);
 * ContourChart.of("Himmelblau", grid).withLogLevels()
 *         .withPaths(Series.of("SGD", sgdX, sgdY), Series.of("Adam", adamX, adamY))
 *         .withMarks(Mark.of("minimum", 3, 2)).save(Path.of("landscape.svg"));
 * }</pre>
 *
 * <p>The color field is one image with a pixel per grid point, smoothed when scaled (it stays small in SVG,
 * where thousands of cells would not); contour lines, paths and marks are vector shapes. With log levels, colors
 * and contour levels are evenly spaced in log10 of the value, from the smallest positive value (but at least
 * max × 1e-4) up to the maximum; smaller values take the lowest color. Contour lines are computed by marching
 * squares ({@code Contours}).
 */
public record ContourChart(String title, String xLabel, String yLabel, Grid grid, List<Series> paths,
                           List<Mark> marks, int levels, boolean logLevels, int width, int height) {

    /** Checks every part; log levels need a positive maximum. */
    public ContourChart {
        Render.require(title, "title");
        Render.require(xLabel, "xLabel");
        Render.require(yLabel, "yLabel");
        if (grid == null) {
            throw new IllegalArgumentException("grid must not be null");
        }
        paths = Render.copy(paths, "paths", false);
        marks = Render.copy(marks, "marks", false);
        if (levels < 0 || levels > 200) {
            throw new IllegalArgumentException("levels must be in [0, 200], was " + levels);
        }
        if (logLevels && !(grid.max() > 0)) {
            throw new IllegalArgumentException("log levels need some positive value, grid max was " + grid.max());
        }
        Render.checkSize(width, height);
    }

    /** The grid with 15 linear contour levels, axes named x and y, no paths, 820 × 680 pixels. */
    public static ContourChart of(String title, Grid grid) {
        return new ContourChart(title, "x", "y", grid, List.of(), List.of(), 15, false, 820, 680);
    }

    /** The same chart with other axis labels. */
    public ContourChart withLabels(String xLabel, String yLabel) {
        return new ContourChart(title, xLabel, yLabel, grid, paths, marks, levels, logLevels, width, height);
    }

    /** The same chart with these paths (replacing any before), drawn in order with distinct colors. */
    public ContourChart withPaths(Series... paths) {
        return withPaths(Render.list(paths));
    }

    /** The same chart with these paths (replacing any before), drawn in order with distinct colors. */
    public ContourChart withPaths(List<Series> paths) {
        return new ContourChart(title, xLabel, yLabel, grid, paths, marks, levels, logLevels, width, height);
    }

    /** The same chart with these labelled points (replacing any before). */
    public ContourChart withMarks(Mark... marks) {
        return new ContourChart(title, xLabel, yLabel, grid, paths, Render.list(marks), levels, logLevels, width,
                height);
    }

    /** The same chart with {@code levels} contour lines (0 for the color map alone). */
    public ContourChart withLevels(int levels) {
        return new ContourChart(title, xLabel, yLabel, grid, paths, marks, levels, logLevels, width, height);
    }

    /** The same chart with colors and levels spaced evenly in log10 of the value. */
    public ContourChart withLogLevels() {
        return new ContourChart(title, xLabel, yLabel, grid, paths, marks, levels, true, width, height);
    }

    /** The same chart at another size in pixels (SVG user units). */
    public ContourChart withSize(int width, int height) {
        return new ContourChart(title, xLabel, yLabel, grid, paths, marks, levels, logLevels, width, height);
    }

    /** Writes the chart as PNG or SVG, chosen by the extension of {@code out}. */
    public void save(Path out) throws IOException {
        Render.save(this::chart, width, height, out);
    }

    JFreeChart chart() {
        ValueScale scale = ValueScale.of(grid, logLevels);
        double[][] t = scale.transform(grid);
        ColorMap colors = ColorMap.viridis(scale.lower(), scale.upper(), 0.25);

        NumberAxis xAxis = new NumberAxis(xLabel);
        NumberAxis yAxis = new NumberAxis(yLabel);
        xAxis.setRange(grid.x(0), grid.x(grid.nx() - 1));
        yAxis.setRange(grid.y(0), grid.y(grid.ny() - 1));
        XYPlot plot = new XYPlot();
        plot.setDomainAxis(xAxis);
        plot.setRangeAxis(yAxis);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);

        XYSeriesCollection lines = new XYSeriesCollection();
        XYSeries iso = new XYSeries("contours", false, true);
        for (int k = 1; k <= levels; k++) {
            double level = scale.lower() + (scale.upper() - scale.lower()) * k / (levels + 1);
            double[][] line = Contours.line(grid, t, level);
            for (int p = 0; p < line[0].length; p++) {
                iso.add(line[0][p], line[1][p], false);
            }
        }
        lines.addSeries(iso);
        plot.setDataset(0, lines);
        XYLineAndShapeRenderer contour = new XYLineAndShapeRenderer(true, false);
        contour.setDrawSeriesLineAsPath(true); // one SVG path for all contour segments; NaN points break it
        plot.setRenderer(0, contour);
        contour.addAnnotation(Render.colorField(grid, t, colors), Layer.BACKGROUND);

        XYSeriesCollection pathData = new XYSeriesCollection();
        for (Series s : paths) {
            XYSeries xy = new XYSeries(s.name(), false, true);
            for (int i = 0; i < s.size(); i++) {
                xy.add(s.xAt(i), s.yAt(i), false);
            }
            pathData.addSeries(xy);
        }
        plot.setDataset(1, pathData);
        XYLineAndShapeRenderer pathRenderer = new XYLineAndShapeRenderer(true, true);
        plot.setRenderer(1, pathRenderer);

        XYSeriesCollection markData = new XYSeriesCollection();
        XYSeries markSeries = new XYSeries("marks", false, true);
        for (Mark m : marks) {
            markSeries.add(m.x(), m.y(), false);
        }
        markData.addSeries(markSeries);
        plot.setDataset(2, markData);
        XYLineAndShapeRenderer markRenderer = new XYLineAndShapeRenderer(false, true);
        plot.setRenderer(2, markRenderer);

        JFreeChart chart = new JFreeChart(title, plot);
        Render.theme(chart);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        contour.setDefaultSeriesVisibleInLegend(false);
        contour.setSeriesPaint(0, new Color(255, 255, 255, 170));
        contour.setSeriesStroke(0, new BasicStroke(0.9f));
        for (int k = 0; k < paths.size(); k++) {
            Color c = Render.pathColor(k);
            pathRenderer.setSeriesPaint(k, c);
            pathRenderer.setSeriesStroke(k, Render.stroke(2.2f));
            pathRenderer.setSeriesShape(k, Render.dot(6));
            pathRenderer.setSeriesOutlinePaint(k, Color.WHITE);
        }
        pathRenderer.setUseOutlinePaint(true);
        pathRenderer.setDrawOutlines(true);
        markRenderer.setDefaultSeriesVisibleInLegend(false);
        markRenderer.setSeriesShape(0, Render.star(16));
        markRenderer.setSeriesPaint(0, Color.WHITE);
        markRenderer.setSeriesOutlinePaint(0, Color.BLACK);
        markRenderer.setSeriesOutlineStroke(0, new BasicStroke(1.2f));
        markRenderer.setUseOutlinePaint(true);
        markRenderer.setDrawOutlines(true);
        for (Mark m : marks) {
            if (!m.label().isEmpty()) {
                XYTextAnnotation label = new XYTextAnnotation(" " + m.label(), m.x(), m.y());
                label.setFont(Render.font(Font.BOLD, 13));
                label.setTextAnchor(TextAnchor.BOTTOM_LEFT);
                label.setPaint(Color.BLACK);
                label.setBackgroundPaint(new Color(255, 255, 255, 190));
                plot.addAnnotation(label);
            }
        }
        chart.getLegend().setVisible(!paths.isEmpty());
        chart.addSubtitle(scale.legend(colors));
        return chart;
    }

}
