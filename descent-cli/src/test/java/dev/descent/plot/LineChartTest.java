package dev.descent.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.text.AttributedCharacterIterator;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogTick;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.ui.RectangleEdge;
import org.junit.jupiter.api.Test;

/** A log axis over many decades labels whole decades only, so no two labels run into each other. */
class LineChartTest {
    /** A tick's label: plain text, or the attributed label of a LogAxis tick. */
    private static String text(ValueTick t) {
        if (t instanceof LogTick log && log.getAttributedLabel() != null) {
            StringBuilder sb = new StringBuilder();
            AttributedCharacterIterator it = log.getAttributedLabel().getIterator();
            for (char c = it.first(); c != AttributedCharacterIterator.DONE; c = it.next()) {
                sb.append(c);
            }
            return sb.toString();
        }
        return t.getText() == null ? "" : t.getText();
    }

    @Test
    void logAxisOverSixDecadesLabelsDecadesWithoutOverlap() {
        double[] rates = new double[200];
        double[] loss = new double[200];
        for (int i = 0; i < rates.length; i++) {
            rates[i] = 1e-5 * Math.pow(1e6, i / 199.0);
            loss[i] = 2 - i / 200.0;
        }
        JFreeChart chart = LineChart.of("t", "learning rate", "loss", Series.of("loss", rates, loss)).withLogX().chart();
        ChartRenderingInfo info = new ChartRenderingInfo();
        BufferedImage image = chart.createBufferedImage(900, 560, info);
        Graphics2D g = image.createGraphics();
        Rectangle2D area = info.getPlotInfo().getDataArea();
        ValueAxis axis = chart.getXYPlot().getDomainAxis();
        List<String> labels = new ArrayList<>();
        double lastRight = Double.NEGATIVE_INFINITY;
        for (Object o : axis.refreshTicks(g, new AxisState(), area, RectangleEdge.BOTTOM)) {
            ValueTick t = (ValueTick) o;
            String text = text(t);
            if (text.isEmpty()) {
                continue;
            }
            labels.add(text);
            double x = axis.valueToJava2D(t.getValue(), area, RectangleEdge.BOTTOM);
            double half = g.getFontMetrics(axis.getTickLabelFont()).stringWidth(text) / 2.0;
            assertTrue(x - half > lastRight, "label " + text + " overlaps the one before it: " + labels);
            lastRight = x + half;
        }
        g.dispose();
        assertEquals(List.of("0.00001", "0.0001", "0.001", "0.01", "0.1", "1", "10"), labels);
    }

    @Test
    void logAxisUnderOneDecadeLabelsEveryMultipleOfTheTenth() {
        // a short run's loss, 0.45 down to 0.08: a decade-only axis labelled just "0.1"
        double[] step = new double[50];
        double[] loss = new double[50];
        for (int i = 0; i < step.length; i++) {
            step[i] = i;
            loss[i] = 0.45 * Math.pow(0.08 / 0.45, i / 49.0);
        }
        JFreeChart chart = LineChart.of("t", "epoch", "loss", Series.of("loss", step, loss)).withLogY().chart();
        ChartRenderingInfo info = new ChartRenderingInfo();
        BufferedImage image = chart.createBufferedImage(900, 560, info);
        Graphics2D g = image.createGraphics();
        Rectangle2D area = info.getPlotInfo().getDataArea();
        ValueAxis axis = chart.getXYPlot().getRangeAxis();
        List<String> labels = new ArrayList<>();
        for (Object o : axis.refreshTicks(g, new AxisState(), area, RectangleEdge.LEFT)) {
            String text = text((ValueTick) o);
            if (!text.isEmpty()) {
                labels.add(text);
            }
        }
        g.dispose();
        assertTrue(labels.containsAll(List.of("0.1", "0.2", "0.3", "0.4")), "labels on a 0.08-0.45 axis: " + labels);
    }
}
