package dev.descent.plot;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.List;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * A matrix as colored cells with each value written in its cell: a confusion matrix (true class down the side,
 * predicted class along the bottom, first class at the top left), or any table of numbers with row and column
 * names.
 */
public record HeatmapChart(String title, String xLabel, String yLabel, List<String> rowLabels,
                           List<String> columnLabels, double[][] values, int width, int height) {

    /** Checks that {@code values} is {@code rowLabels.size() × columnLabels.size()}; copies it. */
    public HeatmapChart {
        Render.require(title, "title");
        Render.require(xLabel, "xLabel");
        Render.require(yLabel, "yLabel");
        rowLabels = Render.copy(rowLabels, "rowLabels", true);
        columnLabels = Render.copy(columnLabels, "columnLabels", true);
        if (values == null || values.length != rowLabels.size()) {
            throw new IllegalArgumentException("values must have one row per row label (" + rowLabels.size()
                    + "), had " + (values == null ? "null" : values.length));
        }
        double[][] copy = new double[values.length][];
        for (int r = 0; r < values.length; r++) {
            if (values[r] == null || values[r].length != columnLabels.size()) {
                throw new IllegalArgumentException("values[" + r + "] must have one value per column label ("
                        + columnLabels.size() + "), had " + (values[r] == null ? "null" : values[r].length));
            }
            copy[r] = values[r].clone();
        }
        values = copy;
        Render.checkSize(width, height);
    }

    /**
     * A confusion matrix: {@code counts[actual][predicted]}, the same class labels on both axes, square cells
     * sized to the number of classes.
     */
    public static HeatmapChart confusion(String title, List<String> classLabels, int[][] counts) {
        if (counts == null) {
            throw new IllegalArgumentException("counts must not be null");
        }
        double[][] values = new double[counts.length][];
        for (int r = 0; r < counts.length; r++) {
            if (counts[r] == null) {
                throw new IllegalArgumentException("counts[" + r + "] must not be null");
            }
            values[r] = new double[counts[r].length];
            for (int c = 0; c < counts[r].length; c++) {
                if (counts[r][c] < 0) {
                    throw new IllegalArgumentException("counts must be >= 0, counts[" + r + "][" + c + "] was "
                            + counts[r][c]);
                }
                values[r][c] = counts[r][c];
            }
        }
        int side = Math.max(420, Math.min(1400, 140 + 62 * Math.max(1, counts.length)));
        return new HeatmapChart(title, "predicted", "actual", classLabels, classLabels, values, side + 110, side);
    }

    /** A table of values with named rows (down the side, first at the top) and columns. */
    public static HeatmapChart of(String title, List<String> rowLabels, List<String> columnLabels,
                                  double[][] values) {
        return new HeatmapChart(title, "", "", rowLabels, columnLabels, values, 760, 640);
    }

    @Override
    public double[][] values() {
        double[][] copy = new double[values.length][];
        for (int r = 0; r < values.length; r++) {
            copy[r] = values[r].clone();
        }
        return copy;
    }

    /** The same chart with other axis labels. */
    public HeatmapChart withLabels(String xLabel, String yLabel) {
        return new HeatmapChart(title, xLabel, yLabel, rowLabels, columnLabels, values, width, height);
    }

    /** The same chart at another size in pixels (SVG user units). */
    public HeatmapChart withSize(int width, int height) {
        return new HeatmapChart(title, xLabel, yLabel, rowLabels, columnLabels, values, width, height);
    }

    /** Writes the chart as PNG or SVG, chosen by the extension of {@code out}. */
    public void save(Path out) throws IOException {
        Render.save(this::chart, width, height, out);
    }

    JFreeChart chart() {
        int rows = rowLabels.size();
        int columns = columnLabels.size();
        double max = 0;
        boolean integral = true;
        double[] x = new double[rows * columns];
        double[] y = new double[rows * columns];
        double[] z = new double[rows * columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                int p = r * columns + c;
                x[p] = c;
                y[p] = r;
                z[p] = values[r][c];
                if (Double.isFinite(values[r][c])) {
                    max = Math.max(max, values[r][c]);
                    integral &= values[r][c] == Math.rint(values[r][c]);
                }
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("values", new double[][] {x, y, z});
        ColorMap colors = ColorMap.blues(0, max > 0 ? max : 1);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(colors);
        SymbolAxis xAxis = new SymbolAxis(xLabel, columnLabels.toArray(new String[0]));
        SymbolAxis yAxis = new SymbolAxis(yLabel, rowLabels.toArray(new String[0]));
        xAxis.setRange(-0.5, columns - 0.5);
        yAxis.setRange(-0.5, rows - 0.5);
        yAxis.setInverted(true); // first row at the top, as the matrix is written
        XYPlot plot = new XYPlot(data, xAxis, yAxis, renderer);
        JFreeChart chart = new JFreeChart(title, plot);
        Render.theme(chart);
        chart.removeLegend();
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        for (SymbolAxis axis : new SymbolAxis[] {xAxis, yAxis}) {
            axis.setGridBandsVisible(false);
            axis.setTickLabelFont(Render.font(Font.PLAIN, 14));
        }
        DecimalFormat format = new DecimalFormat(integral ? "0" : "0.###");
        int fontSize = Math.max(9, Math.min(16, 180 / Math.max(rows, columns)));
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                double v = values[r][c];
                XYTextAnnotation text = new XYTextAnnotation(Double.isNaN(v) ? "" : format.format(v), c, r);
                text.setFont(Render.font(Font.BOLD, fontSize));
                text.setTextAnchor(TextAnchor.CENTER);
                text.setPaint(colors.luminance(v) < 0.55 ? Color.WHITE : new Color(0x222222));
                plot.addAnnotation(text);
            }
        }
        chart.addSubtitle(new ValueScale(false, Double.NaN, 0, max > 0 ? max : 1).legend(colors));
        return chart;
    }
}
