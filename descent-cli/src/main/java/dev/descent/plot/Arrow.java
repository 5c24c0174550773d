package dev.descent.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.awt.geom.QuadCurve2D;
import java.awt.geom.Rectangle2D;

import org.jfree.chart.annotations.AbstractXYAnnotation;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;

/**
 * A curved arrow from one data point to another, drawn in screen space so it keeps its size at any zoom.
 * JFreeChart's XYPointerAnnotation points at one spot from a screen-space angle, which cannot join two data points.
 */
final class Arrow extends AbstractXYAnnotation {

    private static final double HEAD = 9;

    private final double x0;
    private final double y0;
    private final double x1;
    private final double y1;
    private final Color color;

    Arrow(double x0, double y0, double x1, double y1, Color color) {
        this.x0 = x0;
        this.y0 = y0;
        this.x1 = x1;
        this.y1 = y1;
        this.color = color;
    }

    @Override
    public void draw(Graphics2D g2, XYPlot plot, Rectangle2D dataArea, ValueAxis domainAxis, ValueAxis rangeAxis,
                     int rendererIndex, PlotRenderingInfo info) {
        double ax = domainAxis.valueToJava2D(x0, dataArea, plot.getDomainAxisEdge());
        double ay = rangeAxis.valueToJava2D(y0, dataArea, plot.getRangeAxisEdge());
        double bx = domainAxis.valueToJava2D(x1, dataArea, plot.getDomainAxisEdge());
        double by = rangeAxis.valueToJava2D(y1, dataArea, plot.getRangeAxisEdge());
        double length = Math.hypot(bx - ax, by - ay);
        if (length < 3 * HEAD) {
            return; // too short for an arrow; the two points already show the step
        }
        // A quadratic arc bowed upward (screen) by a fraction of its length, so it stays clear of a convex
        // curve whose chord it would otherwise trace; it starts and ends a little off the points' markers.
        double ux = (bx - ax) / length;
        double uy = (by - ay) / length;
        double nx = uy;
        double ny = -ux;
        if (ny > 0) {
            nx = -nx;
            ny = -ny;
        }
        double bow = Math.min(0.25 * length, 40);
        double cx = (ax + bx) / 2 + nx * bow;
        double cy = (ay + by) / 2 + ny * bow;
        double[] start = toward(ax, ay, cx, cy, 6);
        double[] tip = toward(bx, by, cx, cy, 6);
        double dx = tip[0] - cx;
        double dy = tip[1] - cy;
        double d = Math.hypot(dx, dy);
        dx /= d;
        dy /= d;
        g2.setPaint(color);
        g2.setStroke(new BasicStroke(1.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g2.draw(new QuadCurve2D.Double(start[0], start[1], cx, cy, tip[0] - dx * HEAD * 0.6, tip[1] - dy * HEAD * 0.6));
        Path2D.Double head = new Path2D.Double();
        head.moveTo(tip[0], tip[1]);
        head.lineTo(tip[0] - dx * HEAD - dy * HEAD * 0.45, tip[1] - dy * HEAD + dx * HEAD * 0.45);
        head.lineTo(tip[0] - dx * HEAD + dy * HEAD * 0.45, tip[1] - dy * HEAD - dx * HEAD * 0.45);
        head.closePath();
        g2.fill(head);
    }

    /** The point {@code distance} pixels from (px, py) toward (qx, qy). */
    private static double[] toward(double px, double py, double qx, double qy, double distance) {
        double d = Math.hypot(qx - px, qy - py);
        return new double[] {px + (qx - px) / d * distance, py + (qy - py) / d * distance};
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Arrow a && a.x0 == x0 && a.y0 == y0 && a.x1 == x1 && a.y1 == y1
                && a.color.equals(color);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(x0, y0, x1, y1, color);
    }
}
