package dev.descent.cli.lesson;

import java.util.List;
import java.util.Locale;

/**
 * What a run of {@link Descender} visited: one {@link Point} per step (step 0 is the start), and why it stopped.
 */
public record Trace(Objective objective, Method method, double learningRate, List<Point> points, Stop stop,
                    String stopDetail) {

    /** One visited point: its coordinates, the value there and the gradient there. */
    public record Point(int step, double[] at, double value, double[] gradient) {
        /** Euclidean length of the gradient. */
        public double gradientNorm() {
            return norm(gradient);
        }
    }

    /** Why the run ended. */
    public enum Stop { COMPLETED, REACHED, DIVERGED, OSCILLATING }

    public Trace {
        points = List.copyOf(points);
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

    /** Why the run stopped, in a sentence. */
    public String explain(boolean chinese) {
        int n = steps();
        return switch (stop) {
            case COMPLETED -> chinese ? "完成全部 " + n + " 步。" : "completed all " + n + " steps.";
            case REACHED -> chinese ? "在第 " + n + " 步满足停止条件 " + stopDetail + "。"
                    : "stopped at step " + n + ": " + stopDetail + " holds.";
            case DIVERGED -> chinese ? "发散：" + stopDetail + "。学习率太大，请减小学习率。"
                    : "diverged: " + stopDetail + ". The learning rate is too large; make it smaller.";
            case OSCILLATING -> chinese ? "振荡：" + stopDetail + "，永远不会收敛。请减小学习率。"
                    : "oscillating: " + stopDetail + "; it never converges. Make the learning rate smaller.";
        };
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
