package dev.descent.minimize;

import dev.descent.text.Messages;
import java.util.List;
import java.util.Locale;

/**
 * What a run of {@link Descender} visited: one {@link Point} per step (step 0 is the start), and why it stopped: the
 * {@link Stop} and its detail as a message key ({@code trace.detail.*}) with its arguments, rendered in words only by
 * {@link #explain(Messages)}.
 */
public record Trace(Objective objective, Method method, double learningRate, List<Point> points, Stop stop,
                    String detailKey, List<String> detailArgs) {

    /** One visited point: its coordinates, the value there and the gradient there. */
    public record Point(int step, double[] at, double value, double[] gradient) {
        /** Euclidean length of the gradient. */
        public double gradientNorm() {
            return norm(gradient);
        }
    }

    /** Why the run ended; {@code OUTSIDE_DOMAIN}: f or its gradient is NaN or infinite at the start. */
    public enum Stop { COMPLETED, REACHED, DIVERGED, OSCILLATING, OUTSIDE_DOMAIN }

    public Trace {
        points = List.copyOf(points);
        detailArgs = List.copyOf(detailArgs);
    }

    /** A trace whose stop has no detail (completed) or one given by a message key and its arguments. */
    static Trace of(Objective objective, Method method, double learningRate, List<Point> points, Stop stop,
                    String detailKey, String... detailArgs) {
        return new Trace(objective, method, learningRate, points, stop, detailKey, List.of(detailArgs));
    }

    /** The last point visited. */
    public Point last() {
        return points.get(points.size() - 1);
    }

    /** Number of updates made (points − 1). */
    public int steps() {
        return points.size() - 1;
    }

    /** Coordinate {@code i} of every point, in order. */
    public double[] coordinate(int i) {
        double[] out = new double[points.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = points.get(k).at()[i];
        }
        return out;
    }

    /** The value at every point, in order. */
    public double[] values() {
        double[] out = new double[points.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = points.get(k).value();
        }
        return out;
    }

    /** The first step at which {@code value − best < tolerance}, or −1 if none. */
    public int firstWithin(double best, double tolerance) {
        for (Point p : points) {
            if (p.value() - best < tolerance) {
                return p.step();
            }
        }
        return -1;
    }

    /** Why the run stopped, in a sentence, in English or Chinese. */
    public String explain(boolean chinese) {
        return explain(Messages.of(chinese));
    }

    /** Why the run stopped, in a sentence of {@code m}'s language. */
    public String explain(Messages m) {
        String detail = detailKey == null ? "" : m.get(detailKey, detailArgs.toArray());
        return m.get("trace.stop." + stop.name().toLowerCase(Locale.ROOT), detail, Integer.toString(steps()));
    }

    static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
