package dev.descent.tensor;

import java.util.function.DoubleBinaryOperator;

/** Two-input elementwise ops with NumPy broadcasting; each backward sums the gradient back to its input's shape. */
final class Arithmetic {
    private Arithmetic() {
    }

    static void checkDtypes(String op, Tensor a, Tensor b) {
        if (a.dtype != b.dtype) {
            throw new IllegalArgumentException(op + ": dtypes differ (" + a.dtype + " and " + b.dtype
                    + "); convert one with to(DType." + a.dtype + ")");
        }
    }

    /** Applies {@code fn} pairwise over the broadcast shape of {@code a} and {@code b}. */
    static Tensor zip(String op, Tensor a, Tensor b, DoubleBinaryOperator fn) {
        checkDtypes(op, a, b);
        boolean same = Shapes.sameShape(a.shape, b.shape);
        int[] shape = same ? a.shape : Shapes.broadcast(op, a.shape, b.shape);
        Tensor out = Tensor.empty(a.dtype, shape);
        int n = out.numel();
        if (same) {
            for (int i = 0; i < n; i++) {
                out.put(i, fn.applyAsDouble(a.at(i), b.at(i)));
            }
        } else if (b.numel() == 1 && n == a.numel()) {
            double y = b.at(0);
            for (int i = 0; i < n; i++) {
                out.put(i, fn.applyAsDouble(a.at(i), y));
            }
        } else if (a.numel() == 1 && n == b.numel()) {
            double x = a.at(0);
            for (int i = 0; i < n; i++) {
                out.put(i, fn.applyAsDouble(x, b.at(i)));
            }
        } else {
            broadcastLoop(a, b, out, fn);
        }
        return out;
    }

    private static void broadcastLoop(Tensor a, Tensor b, Tensor out, DoubleBinaryOperator fn) {
        int[] shape = out.shape;
        int rank = shape.length;
        int[] sa = Shapes.broadcastStrides(a.shape, shape);
        int[] sb = Shapes.broadcastStrides(b.shape, shape);
        int last = shape[rank - 1];
        int la = sa[rank - 1];
        int lb = sb[rank - 1];
        int rows = last == 0 ? 0 : out.numel() / last;
        int[] idx = new int[rank];
        for (int r = 0; r < rows; r++) {
            int ia = 0;
            int ib = 0;
            for (int k = 0; k < rank - 1; k++) {
                ia += idx[k] * sa[k];
                ib += idx[k] * sb[k];
            }
            int o = r * last;
            for (int j = 0; j < last; j++) {
                out.put(o + j, fn.applyAsDouble(a.at(ia + j * la), b.at(ib + j * lb)));
            }
            for (int k = rank - 2; k >= 0; k--) {
                if (++idx[k] < shape[k]) {
                    break;
                }
                idx[k] = 0;
            }
        }
    }

    static Tensor add(Tensor a, Tensor b) {
        Tensor out = zip("add", a, b, Double::sum);
        return Tensor.record(out, "add", g -> new Tensor[] {g.sumTo(a.shape), g.sumTo(b.shape)}, a, b);
    }

    static Tensor sub(Tensor a, Tensor b) {
        Tensor out = zip("sub", a, b, (x, y) -> x - y);
        return Tensor.record(out, "sub", g -> new Tensor[] {
            g.sumTo(a.shape), b.requiresGrad ? g.neg().sumTo(b.shape) : null}, a, b);
    }

    static Tensor mul(Tensor a, Tensor b) {
        Tensor out = zip("mul", a, b, (x, y) -> x * y);
        return Tensor.record(out, "mul", g -> new Tensor[] {
            a.requiresGrad ? g.mul(b).sumTo(a.shape) : null,
            b.requiresGrad ? g.mul(a).sumTo(b.shape) : null}, a, b);
    }

    /** Multiplication by a plain number (no broadcasting work, no second input in the graph). */
    static Tensor scale(Tensor a, double factor) {
        Tensor out = Pointwise.map(a, x -> x * factor);
        return Tensor.record(out, factor == -1.0 ? "neg" : "scale", g -> new Tensor[] {g.mul(factor)}, a);
    }

    static Tensor div(Tensor a, Tensor b) {
        Tensor out = zip("div", a, b, (x, y) -> x / y);
        // d(a/b)/da = 1/b, d(a/b)/db = −a/b²
        return Tensor.record(out, "div", g -> new Tensor[] {
            a.requiresGrad ? g.div(b).sumTo(a.shape) : null,
            b.requiresGrad ? g.mul(a).div(b.mul(b)).neg().sumTo(b.shape) : null}, a, b);
    }

    static Tensor pow(Tensor a, Tensor b) {
        Tensor out = zip("pow", a, b, Math::pow);
        // d a^b/da = b a^(b−1); d a^b/db = a^b ln a (only asked for when b needs it: ln a is NaN for a < 0)
        return Tensor.record(out, "pow", g -> new Tensor[] {
            a.requiresGrad ? g.mul(b).mul(a.pow(b.sub(1.0))).sumTo(a.shape) : null,
            b.requiresGrad ? g.mul(out).mul(a.log()).sumTo(b.shape) : null}, a, b);
    }

    /** Comparison masks (1 where true, 0 elsewhere); no gradient. kind: 0 &gt;, 1 &lt;, 2 ≥, 3 ≤, 4 =. */
    static Tensor compare(Tensor a, Tensor b, int kind) {
        DoubleBinaryOperator fn = switch (kind) {
            case 0 -> (x, y) -> x > y ? 1 : 0;
            case 1 -> (x, y) -> x < y ? 1 : 0;
            case 2 -> (x, y) -> x >= y ? 1 : 0;
            case 3 -> (x, y) -> x <= y ? 1 : 0;
            default -> (x, y) -> x == y ? 1 : 0;
        };
        return zip("compare", a, b, fn);
    }

    static Tensor where(Tensor mask, Tensor a, Tensor b) {
        checkDtypes("where", a, b);
        int[] shape = Shapes.broadcast("where", Shapes.broadcast("where", mask.shape, a.shape), b.shape);
        Tensor m;
        Tensor x;
        Tensor y;
        try (NoGrad ignored = Tensor.noGrad()) {
            m = mask.expand(shape);
            x = a.expand(shape);
            y = b.expand(shape);
        }
        Tensor out = Tensor.empty(a.dtype, shape);
        for (int i = 0, n = out.numel(); i < n; i++) {
            out.put(i, m.at(i) != 0 ? x.at(i) : y.at(i));
        }
        return Tensor.record(out, "where", g -> {
            Tensor zero = g.constant(0.0);
            return new Tensor[] {null,
                a.requiresGrad ? where(m, g, zero).sumTo(a.shape) : null,
                b.requiresGrad ? where(m, zero, g).sumTo(b.shape) : null};
        }, mask, a, b);
    }
}
