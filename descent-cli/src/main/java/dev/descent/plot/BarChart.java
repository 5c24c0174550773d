package dev.descent.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.List;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * One bar per category with its value written above it, such as the probabilities a classifier gives each
 * class; one bar may be highlighted (the predicted class).
 */
public record BarChart(String title, String xLabel, String yLabel, List<String> categories, double[] values,
                       int highlight, double yMax, int width, int height) {

    /**
     * Checks that there is one finite value per category; {@code highlight} is a bar's index or −1 for none,
     * {@code yMax} the top of the y axis or NaN for automatic.
     */
    public BarChart {
        Render.require(title, "title");
        Render.require(xLabel, "xLabel");
        Render.require(yLabel, "yLabel");
        categories = Render.copy(categories, "categories", true);
        if (values == null || values.length != categories.size()) {
            throw new IllegalArgumentException("values must hold one value per category (" + categories.size()
                    + "), had " + (values == null ? "null" : values.length));
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("values must be finite, was " + values[i] + " at index " + i);
            }
        }
        if (highlight < -1 || highlight >= values.length) {
            throw new IllegalArgumentException("highlight must be -1 or an index below " + values.length
                    + ", was " + highlight);
        }
        if (!Double.isNaN(yMax) && !(yMax > 0)) {
            throw new IllegalArgumentException("yMax must be > 0 or NaN, was " + yMax);
        }
        values = values.clone();
        Render.checkSize(width, height);
    }

    /** Bars of the given values, none highlighted, automatic y range. */
    public static BarChart of(String title, List<String> categories, double[] values) {
        return new BarChart(title, "", "", categories, values, -1, Double.NaN, 820, 520);
    }

    /** Class probabilities: y from 0 to 1, the most probable class highlighted. */
    public static BarChart probabilities(String title, List<String> classes, double[] probabilities) {
        int best = -1;
        for (int i = 0; probabilities != null && i < probabilities.length; i++) {
            if (best < 0 || probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return new BarChart(title, "class", "probability", classes, probabilities, best, 1, 820, 520);
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    /** The same chart with other axis labels. */
    public BarChart withLabels(String xLabel, String yLabel) {
        return new BarChart(title, xLabel, yLabel, categories, values, highlight, yMax, width, height);
    }

    /** The same chart at another size in pixels (SVG user units). */
    public BarChart withSize(int width, int height) {
        return new BarChart(title, xLabel, yLabel, categories, values, highlight, yMax, width, height);
    }

    /** Writes the chart as PNG or SVG, chosen by the extension of {@code out}. */
    public void save(Path out) throws IOException {
        Render.save(this::chart, width, height, out);
    }

    JFreeChart chart() {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (int i = 0; i < values.length; i++) {
            data.addValue(values[i], "values", categories.get(i));
        }
        Color normal = new Color(0x9ecae1);
        Color strong = new Color(0x2171b5);
        BarRenderer renderer = new BarRenderer() {
            private static final long serialVersionUID = 1L;

            @Override
            public Paint getItemPaint(int row, int column) {
                return column == highlight ? strong : normal;
            }
        };
        NumberAxis yAxis = new NumberAxis(yLabel);
        if (!Double.isNaN(yMax)) {
            yAxis.setRange(0, yMax * 1.08); // headroom for the value written above a full bar
        }
        CategoryPlot plot = new CategoryPlot(data, new CategoryAxis(xLabel), yAxis, renderer);
        JFreeChart chart = new JFreeChart(title, plot);
        Render.theme(chart);
        chart.removeLegend();
        plot.setRangeGridlineStroke(new BasicStroke(0.8f));
        plot.getDomainAxis().setCategoryMargin(0.25);
        plot.getDomainAxis().setMaximumCategoryLabelWidthRatio(1.6f); // "Pullover", not "Pul..."
        plot.getDomainAxis().setMaximumCategoryLabelLines(2);
        renderer.setDrawBarOutline(false);
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}",
                new DecimalFormat(yMax == 1 ? "0.00" : "0.###")));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(Render.font(Font.PLAIN, 13));
        renderer.setDefaultPositiveItemLabelPosition(
                new ItemLabelPosition(ItemLabelAnchor.OUTSIDE12, TextAnchor.BOTTOM_CENTER));
        return chart;
    }
}
