package dev.descent.tensor;

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
        Tensor out = Tensor.empty(a.dtype, a.shape);
        if (a.f != null) {
            float[] x = a.f;
            float[] y = out.f;
            for (int i = 0; i < x.length; i++) {
                y[i] = (float) fn.applyAsDouble(x[i]);
            }
        } else {
            double[] x = a.d;
            double[] y = out.d;
            for (int i = 0; i < x.length; i++) {
                y[i] = fn.applyAsDouble(x[i]);
            }
        }
        return out;
    }

    static Tensor exp(Tensor a) {
        Tensor out = map(a, Math::exp);
        return Tensor.record(out, "exp", g -> new Tensor[] {g.mul(out)}, a);
    }

    static Tensor log(Tensor a) {
        Tensor out = map(a, Math::log);
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
        Tensor out = map(a, Math::tanh);
        // tanh' = 1 − tanh²
        return Tensor.record(out, "tanh", g -> new Tensor[] {g.mul(out.mul(out).rsub(1.0))}, a);
    }

    static double sigmoid(double x) {
        // Two branches so neither exp overflows: 1/(1+e^-x) for x ≥ 0, e^x/(1+e^x) below.
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    static Tensor sigmoid(Tensor a) {
        Tensor out = map(a, Pointwise::sigmoid);
        // σ' = σ(1 − σ)
        return Tensor.record(out, "sigmoid", g -> new Tensor[] {g.mul(out.mul(out.rsub(1.0)))}, a);
    }

    static Tensor relu(Tensor a) {
        Tensor out = map(a, x -> x > 0 ? x : 0.0);
        return Tensor.record(out, "relu", g -> new Tensor[] {g.mul(map(a, x -> x > 0 ? 1.0 : 0.0))}, a);
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
