package dev.descent.autograd;

import dev.descent.tensor.Backprop;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Checks a function's autodiff gradients against central finite differences in F64, element by element of the
 * full Jacobian (like {@code torch.autograd.gradcheck}); {@link #checkSecondOrder} does the same for the
 * gradients of the gradients ({@code gradgradcheck}).
 */
public final class GradCheck {
    /** Finite-difference step and the pass rule |analytic − numeric| ≤ absolute + relative·|numeric|. */
    public record Tolerance(double epsilon, double absolute, double relative) {
        public Tolerance {
            if (!(epsilon > 0) || !(absolute >= 0) || !(relative >= 0)) {
                throw new IllegalArgumentException("tolerance: epsilon must be > 0 and tolerances >= 0, got "
                        + epsilon + ", " + absolute + ", " + relative);
            }
        }

        /** PyTorch's defaults: eps 1e-6, atol 1e-5, rtol 1e-3. */
        public static Tolerance defaults() {
            return new Tolerance(1e-6, 1e-5, 1e-3);
        }
    }

    /** Outcome of a check: the worst mismatch and where it was. */
    public record Result(boolean passed, double maxAbsoluteError, int checkedEntries, String worst) {
        @Override
        public String toString() {
            return (passed ? "gradcheck passed" : "gradcheck FAILED") + String.format(Locale.ROOT,
                    " (%d Jacobian entries, max |error| %.3e)", checkedEntries, maxAbsoluteError)
                    + (passed ? "" : ": " + worst);
        }
    }

    private GradCheck() {
    }

    /** Checks {@code f} at {@code inputs} (F64 tensors) with the default tolerance. */
    public static Result check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        return check(f, Tolerance.defaults(), inputs);
    }

    /** Checks the full Jacobian of {@code f} with respect to every input. */
    public static Result check(Function<Tensor[], Tensor> f, Tolerance tolerance, Tensor... inputs) {
        Tensor[] xs = variables(inputs);
        // No noGrad scope around f: the function may itself use autodiff (as the second-order check does).
        Tensor out0 = f.apply(xs);
        int outputs = out0.numel();
        double worstExcess = Double.NEGATIVE_INFINITY;
        double maxAbs = 0;
        String worst = "";
        int entries = 0;
        // Numeric Jacobian columns, one input element at a time.
        List<double[][]> numeric = new ArrayList<>();
        for (int t = 0; t < xs.length; t++) {
            double[][] col = new double[xs[t].numel()][];
            for (int i = 0; i < xs[t].numel(); i++) {
                double x = xs[t].getFlat(i);
                double[] plus;
                double[] minus;
                try {
                    xs[t].setFlat(i, x + tolerance.epsilon());
                    plus = f.apply(xs).toDoubleArray();
                    xs[t].setFlat(i, x - tolerance.epsilon());
                    minus = f.apply(xs).toDoubleArray();
                } finally {
                    xs[t].setFlat(i, x);
                }
                double[] d = new double[outputs];
                for (int j = 0; j < outputs; j++) {
                    d[j] = (plus[j] - minus[j]) / (2 * tolerance.epsilon());
                }
                col[i] = d;
            }
            numeric.add(col);
        }
        for (int j = 0; j < outputs; j++) {
            Tensor out = f.apply(xs);
            if (!out.requiresGrad()) {
                throw new IllegalArgumentException("gradcheck: the function's output does not depend on any input");
            }
            Tensor upstream = Tensor.zeros(out.dtype(), out.shape());
            upstream.setFlat(j, 1.0);
            List<Tensor> grads = Backprop.gradients(out, upstream, Arrays.asList(xs), false);
            for (int t = 0; t < xs.length; t++) {
                Tensor g = grads.get(t);
                for (int i = 0; i < xs[t].numel(); i++) {
                    double a = g.getFlat(i);
                    double n = numeric.get(t)[i][j];
                    double err = Math.abs(a - n);
                    double excess = err - (tolerance.absolute() + tolerance.relative() * Math.abs(n));
                    entries++;
                    maxAbs = Math.max(maxAbs, Double.isNaN(err) ? Double.POSITIVE_INFINITY : err);
                    if (Double.isNaN(excess) || excess > worstExcess) {
                        worstExcess = Double.isNaN(excess) ? Double.POSITIVE_INFINITY : excess;
                        worst = String.format(Locale.ROOT, "d output[%d] / d input%d[%d]: analytic %.10g vs numeric %.10g",
                                j, t, i, a, n);
                    }
                }
            }
        }
        return new Result(worstExcess <= 0 || entries == 0, maxAbs, entries, worst);
    }

    /**
     * Checks second derivatives: the vector-Jacobian product of {@code f} with a fixed random upstream vector,
     * computed with a recorded backward pass, is itself gradchecked with respect to the inputs.
     */
    public static Result checkSecondOrder(Function<Tensor[], Tensor> f, Tolerance tolerance, Tensor... inputs) {
        Tensor[] xs = variables(inputs);
        Tensor probe = f.apply(xs);
        dev.descent.tensor.Rng rng = dev.descent.tensor.Rng.of(42);
        Tensor v = Tensor.uniform(DType.F64, rng, -1, 1, probe.shape());
        Function<Tensor[], Tensor> vjp = args -> {
            Tensor out = f.apply(args);
            List<Tensor> grads = Backprop.gradients(out, v, Arrays.asList(args), true);
            Tensor[] flat = new Tensor[grads.size()];
            for (int i = 0; i < flat.length; i++) {
                flat[i] = grads.get(i).reshape(-1);
            }
            return Tensor.concat(0, flat);
        };
        return check(vjp, tolerance, xs);
    }

    /** {@link #checkSecondOrder(Function, Tolerance, Tensor...)} with the default tolerance. */
    public static Result checkSecondOrder(Function<Tensor[], Tensor> f, Tensor... inputs) {
        return checkSecondOrder(f, Tolerance.defaults(), inputs);
    }

    private static Tensor[] variables(Tensor[] inputs) {
        if (inputs.length == 0) {
            throw new IllegalArgumentException("gradcheck: no inputs");
        }
        Tensor[] xs = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].dtype() != DType.F64) {
                throw new IllegalArgumentException("gradcheck: input " + i + " is " + inputs[i].dtype()
                        + "; finite differences need F64 (use to(DType.F64))");
            }
            xs[i] = inputs[i].copy().requiresGrad(true);
        }
        return xs;
    }
}
