package dev.descent.minimize;

import dev.descent.optim.Optimizer;
import dev.descent.tensor.Backprop;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs an optimizer of the engine on an {@link Objective}: one 0-d F64 parameter per variable, the gradient by a
 * reverse pass at every point, and the optimizer's own update. Records every point and stops on a rule, on
 * divergence (a non-finite value, or the point running away), or after the given number of steps.
 */
public final class Descender {
    /** A point this many times farther from the origin than the start (plus one) counts as running away. */
    private static final double RUNAWAY = 1e8;

    private Descender() {
    }

    /** Minimizes {@code objective} from {@code start} with at most {@code steps} updates; {@code until} may be null. */
    public static Trace run(Objective objective, double[] start, Method method, double learningRate, int steps,
                            Until until) {
        List<String> names = objective.variables();
        if (start.length != names.size()) {
            throw new IllegalArgumentException("start: expected values for " + names + ", got " + start.length);
        }
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, was " + steps);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a finite number > 0, was " + learningRate);
        }
        List<Tensor> params = new ArrayList<>();
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (int i = 0; i < start.length; i++) {
            Tensor p = Tensor.scalar(start[i], DType.F64).requiresGrad(true).named(names.get(i));
            params.add(p);
            inputs.put(names.get(i), p);
        }
        Optimizer optimizer = method.create(params, learningRate);
        List<Trace.Point> points = new ArrayList<>();
        double startNorm = Trace.norm(start);
        double[] previous = null;
        for (int k = 0; ; k++) {
            double[] at = new double[params.size()];
            for (int i = 0; i < at.length; i++) {
                at[i] = params.get(i).item();
            }
            Trace.Point point = evaluate(objective, inputs, params, k, at);
            points.add(point);
            double stepNorm = previous == null ? Double.POSITIVE_INFINITY : distance(at, previous);
            if (k == 0 && !(Double.isFinite(point.value()) && Double.isFinite(point.gradientNorm()))) {
                // NaN or infinity before any step: the start is outside the domain; no learning rate is to blame
                return Trace.of(objective, method, learningRate, points, Trace.Stop.OUTSIDE_DOMAIN,
                        Double.isFinite(point.value()) ? "trace.detail.gradient_at_start" : "trace.detail.value_at_start",
                        Points.show(names, at), Double.toString(Double.isFinite(point.value())
                                ? firstNonFinite(point.gradient()) : point.value()));
            }
            Trace problem = divergence(objective, method, learningRate, points, point, startNorm);
            if (problem != null) {
                return problem;
            }
            if (until != null && until.holds(point.value(), point.gradientNorm(), stepNorm)) {
                return Trace.of(objective, method, learningRate, points, Trace.Stop.REACHED, "trace.detail.rule",
                        until.toString());
            }
            if (k == steps) {
                return finish(objective, method, learningRate, points);
            }
            previous = at;
            optimizer.step(() -> objective.apply(inputs));
        }
    }

    private static Trace.Point evaluate(Objective objective, Map<String, Tensor> inputs, List<Tensor> params, int k,
                                        double[] at) {
        Tensor out = objective.apply(inputs);
        double[] gradient = new double[params.size()];
        if (out.requiresGrad()) {
            List<Tensor> grads = Backprop.gradients(out, params, false);
            for (int i = 0; i < gradient.length; i++) {
                gradient[i] = grads.get(i).item();
            }
        }
        return new Trace.Point(k, at, out.item(), gradient);
    }

    private static double firstNonFinite(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return v;
            }
        }
        return Double.NaN;
    }

    /** A diverged trace if {@code p} is not finite or ran away from the start, else null. */
    private static Trace divergence(Objective objective, Method method, double learningRate, List<Trace.Point> points,
                                    Trace.Point p, double startNorm) {
        String step = Integer.toString(p.step());
        if (!Double.isFinite(p.value())) {
            return Trace.of(objective, method, learningRate, points, Trace.Stop.DIVERGED,
                    "trace.detail.value_not_finite", Double.toString(p.value()), step);
        }
        for (double v : p.at()) {
            if (!Double.isFinite(v)) {
                return Trace.of(objective, method, learningRate, points, Trace.Stop.DIVERGED,
                        "trace.detail.point_not_finite", Double.toString(v), step);
            }
        }
        double norm = Trace.norm(p.at());
        if (norm > RUNAWAY * (1 + startNorm)) {
            return Trace.of(objective, method, learningRate, points, Trace.Stop.DIVERGED, "trace.detail.runaway",
                    Trace.num(startNorm), Trace.num(norm), step);
        }
        return null;
    }

    /** After the last step: still rising (divergence), or swinging back and forth without progress? */
    private static Trace finish(Objective objective, Method method, double learningRate, List<Trace.Point> points) {
        int n = points.size();
        if (n >= 6) {
            double first = points.get(0).value();
            double last = points.get(n - 1).value();
            boolean rising = true;
            for (int k = n - 5; k < n; k++) {
                rising &= points.get(k).value() > points.get(k - 1).value();
            }
            if (rising && last > first) {
                return Trace.of(objective, method, learningRate, points, Trace.Stop.DIVERGED, "trace.detail.rising",
                        Trace.num(first), Trace.num(last));
            }
            boolean swinging = true;
            for (int k = n - 4; k < n; k++) {
                double[] a = points.get(k - 2).at();
                double[] b = points.get(k - 1).at();
                double[] c = points.get(k).at();
                boolean flips = false;
                for (int i = 0; i < a.length; i++) {
                    flips |= (b[i] - a[i]) * (c[i] - b[i]) < 0;
                }
                double v0 = points.get(k - 2).value();
                double v2 = points.get(k).value();
                swinging &= flips && !(v2 < v0 - 1e-9 * Math.abs(v0));
            }
            if (swinging) {
                return Trace.of(objective, method, learningRate, points, Trace.Stop.OSCILLATING,
                        "trace.detail.swinging", Trace.num(points.get(n - 1).value()));
            }
        }
        return Trace.of(objective, method, learningRate, points, Trace.Stop.COMPLETED, null);
    }

    private static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }
}
