package dev.descent.tensor;

import dev.descent.tensor.kernel.Elementwise;
import java.util.function.DoubleUnaryOperator;

/**
 * One-input elementwise ops, each forward next to its derivative. Backward rules are written with tensor ops, so
 * with {@code createGraph} they are recorded too and can be differentiated again.
 */
final class Pointwise {
    private Pointwise() {
    }

    /** Applies {@code fn} to every element (in double precision, rounded to the dtype). */
    static Tensor map(Tensor a, DoubleUnaryOperator fn) {
        Tensor out = Tensor.overwritten(a.dtype, a.shape);
        if (a.f != null) {
            Elementwise.map(a.f, fn, out.f);
        } else {
            Elementwise.map(a.d, fn, out.d);
        }
        return out;
    }

    /** A new tensor shaped like {@code a}, its F32 storage filled by {@code kernel} from a's, or by {@code fn}. */
    private static Tensor mapF(Tensor a, java.util.function.BiConsumer<float[], float[]> kernel, DoubleUnaryOperator fn) {
        if (a.f == null) {
            return map(a, fn);
        }
        Tensor out = Tensor.overwritten(a.dtype, a.shape);
        kernel.accept(a.f, out.f);
        return out;
    }

    /**
     * True when a backward rule may compute its gradient with a fused loop: the pass is not recording
     * ({@code createGraph} off), so the composite's intermediate tensors would never be differentiated.
     */
    static boolean fusedBackward() {
        return !GradMode.isEnabled();
    }

    static Tensor exp(Tensor a) {
        Tensor out = mapF(a, Elementwise::exp, Math::exp);
        return Tensor.record(out, "exp", g -> new Tensor[] {g.mul(out)}, a);
    }

    static Tensor log(Tensor a) {
        Tensor out = mapF(a, Elementwise::log, Math::log);
        return Tensor.record(out, "log", g -> new Tensor[] {g.div(a)}, a);
    }

    static Tensor sqrt(Tensor a) {
        Tensor out = map(a, Math::sqrt);
        // d√a = 1 / (2√a)
        return Tensor.record(out, "sqrt", g -> new Tensor[] {g.div(out.mul(2.0))}, a);
    }

    static Tensor abs(Tensor a) {
        Tensor out = map(a, Math::abs);
        // The subgradient at 0 is 0, as in PyTorch.
        return Tensor.record(out, "abs", g -> new Tensor[] {g.mul(sign(a))}, a);
    }

    static Tensor sign(Tensor a) {
        return map(a, Math::signum);
    }

    static Tensor sin(Tensor a) {
        Tensor out = map(a, Math::sin);
        return Tensor.record(out, "sin", g -> new Tensor[] {g.mul(a.cos())}, a);
    }

    static Tensor cos(Tensor a) {
        Tensor out = map(a, Math::cos);
        return Tensor.record(out, "cos", g -> new Tensor[] {g.mul(a.sin()).neg()}, a);
    }

    static Tensor tanh(Tensor a) {
        Tensor out = mapF(a, Elementwise::tanh, Math::tanh);
        // tanh' = 1 − tanh²; the fused loop rounds each step as the composite does
        return Tensor.record(out, "tanh", g -> new Tensor[] {fusedBackward() && sameLayout(g, out)
                ? backwardKernel(g, out, Elementwise::tanhBackward, Elementwise::tanhBackward)
                : g.mul(out.mul(out).rsub(1.0))}, a);
    }

    static double sigmoid(double x) {
        // Two branches so neither exp overflows: 1/(1+e^-x) for x ≥ 0, e^x/(1+e^x) below.
        return Elementwise.sigmoid(x);
    }

    static Tensor sigmoid(Tensor a) {
        Tensor out = mapF(a, Elementwise::sigmoid, Pointwise::sigmoid);
        // σ' = σ(1 − σ)
        return Tensor.record(out, "sigmoid", g -> new Tensor[] {fusedBackward() && sameLayout(g, out)
                ? backwardKernel(g, out, Elementwise::sigmoidBackward, Elementwise::sigmoidBackward)
                : g.mul(out.mul(out.rsub(1.0)))}, a);
    }

    static Tensor relu(Tensor a) {
        Tensor out = Tensor.overwritten(a.dtype, a.shape);
        if (a.f != null) {
            Elementwise.relu(a.f, out.f);
        } else {
            Elementwise.relu(a.d, out.d);
        }
        return Tensor.record(out, "relu", g -> new Tensor[] {fusedBackward() && sameLayout(g, a)
                ? backwardKernel(g, a, Elementwise::reluBackward, Elementwise::reluBackward)
                : g.mul(map(a, Elementwise::reluDerivative))}, a);
    }

    private static boolean sameLayout(Tensor g, Tensor x) {
        return g.dtype == x.dtype && Shapes.sameShape(g.shape, x.shape);
    }

    @FunctionalInterface
    private interface FloatRule {
        void apply(float[] g, float[] saved, float[] out);
    }

    @FunctionalInterface
    private interface DoubleRule {
        void apply(double[] g, double[] saved, double[] out);
    }

    /** The gradient from one fused loop over the upstream gradient and the value the rule saved. */
    private static Tensor backwardKernel(Tensor g, Tensor saved, FloatRule f, DoubleRule d) {
        Tensor out = Tensor.overwritten(g.dtype, g.shape);
        if (g.f != null) {
            f.apply(g.f, saved.f, out.f);
        } else {
            d.apply(g.d, saved.d, out.d);
        }
        return out;
    }

    static Tensor leakyRelu(Tensor a, double slope) {
        Tensor out = map(a, x -> x > 0 ? x : slope * x);
        return Tensor.record(out, "leakyRelu", g -> new Tensor[] {g.mul(map(a, x -> x > 0 ? 1.0 : slope))}, a);
    }

    static Tensor softplus(Tensor a) {
        // log(1+e^x) = max(x,0) + log1p(e^-|x|): exact for large |x| where the naive form overflows.
        Tensor out = map(a, x -> Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))));
        return Tensor.record(out, "softplus", g -> new Tensor[] {g.mul(a.sigmoid())}, a);
    }

    static Tensor clamp(Tensor a, double min, double max) {
        if (min > max) {
            throw new IllegalArgumentException("clamp: min " + min + " > max " + max);
        }
        Tensor out = map(a, x -> Math.min(max, Math.max(min, x)));
        return Tensor.record(out, "clamp",
                g -> new Tensor[] {g.mul(map(a, x -> x >= min && x <= max ? 1.0 : 0.0))}, a);
    }

    static Tensor pow(Tensor a, double p) {
        Tensor out;
        if (p == 2.0) {
            out = map(a, x -> x * x);
        } else if (p == 0.5) {
            out = map(a, Math::sqrt);
        } else {
            out = map(a, x -> Math.pow(x, p));
        }
        // d a^p = p a^(p−1); p = 1 and p = 0 need no pow, and p − 1 = 0 would give 0^0 problems otherwise.
        return Tensor.record(out, "pow", g -> {
            if (p == 0.0) {
                return new Tensor[] {g.mul(0.0)};
            }
            if (p == 1.0) {
                return new Tensor[] {g};
            }
            if (p == 2.0) {
                return new Tensor[] {g.mul(a.mul(2.0))};
            }
            return new Tensor[] {g.mul(a.pow(p - 1.0).mul(p))};
        }, a);
    }
}
