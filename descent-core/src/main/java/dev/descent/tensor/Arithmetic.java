package dev.descent.tensor;

import dev.descent.tensor.kernel.Elementwise;
import dev.descent.tensor.kernel.Elementwise.Operator;
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
        return zip(op, a, b, fn, null);
    }

    /**
     * Like {@link #zip(String, Tensor, Tensor, DoubleBinaryOperator)}; {@code code} (the {@link Elementwise} operator
     * that {@code fn} is, or null) selects the kernel loops for the layouts training runs into: equal shapes, a scalar, a row [c] against
     * [r, c] (a bias) and a column [r, 1] against [r, c] (softmax's row maximum and sum).
     */
    static Tensor zip(String op, Tensor a, Tensor b, DoubleBinaryOperator fn, Operator code) {
        checkDtypes(op, a, b);
        boolean same = Shapes.sameShape(a.shape, b.shape);
        int[] shape = same ? a.shape : Shapes.broadcast(op, a.shape, b.shape);
        Tensor out = Tensor.empty(a.dtype, shape);
        int n = out.numel();
        if (code != null && n > 0 && fastLayout(a, b, out, code)) {
            return out;
        }
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

    /** Runs the kernel when the layout is one it knows; false leaves the work to the generic loops. */
    private static boolean fastLayout(Tensor a, Tensor b, Tensor out, Operator code) {
        int[] shape = out.shape;
        int n = out.numel();
        int cols = shape.length == 0 ? 1 : shape[shape.length - 1];
        int xCol = 0;
        int yCol = 0;
        int na = a.numel();
        int nb = b.numel();
        boolean ok = (na == n || na == 1) && (nb == n || nb == 1);
        if (!ok && na == n && isRow(b, cols) || !ok && nb == n && isRow(a, cols)) {
            ok = true;
        } else if (!ok && na == n && isColumn(b, shape)) {
            ok = true;
            yCol = cols;
        } else if (!ok && nb == n && isColumn(a, shape)) {
            ok = true;
            xCol = cols;
        }
        if (!ok || cols == 0) {
            return false;
        }
        if (a.f != null) {
            Elementwise.binary(code, a.f, xCol, b.f, yCol, out.f, cols);
        } else {
            Elementwise.binary(code, a.d, xCol, b.d, yCol, out.d, cols);
        }
        return true;
    }

    /** [c], [1, c], [1, 1, c]…: one row repeated over the leading dimensions. */
    private static boolean isRow(Tensor t, int cols) {
        return t.dim() >= 1 && t.shape[t.dim() - 1] == cols && t.numel() == cols;
    }

    /** [r, 1] against [r, c]. */
    private static boolean isColumn(Tensor t, int[] shape) {
        return shape.length == 2 && t.dim() == 2 && t.shape[0] == shape[0] && t.shape[1] == 1;
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
        Tensor out = zip("add", a, b, Double::sum, Operator.ADD);
        if (Tensor.untracked(out, a, b)) {
            return out;
        }
        return Tensor.record(out, "add", g -> new Tensor[] {g.sumTo(a.shape), g.sumTo(b.shape)}, a, b);
    }

    static Tensor sub(Tensor a, Tensor b) {
        Tensor out = zip("sub", a, b, (x, y) -> x - y, Operator.SUB);
        if (Tensor.untracked(out, a, b)) {
            return out;
        }
        return Tensor.record(out, "sub", g -> new Tensor[] {
            g.sumTo(a.shape), b.requiresGrad ? g.neg().sumTo(b.shape) : null}, a, b);
    }

    static Tensor mul(Tensor a, Tensor b) {
        Tensor out = zip("mul", a, b, (x, y) -> x * y, Operator.MUL);
        if (Tensor.untracked(out, a, b)) {
            return out;
        }
        return Tensor.record(out, "mul", g -> new Tensor[] {
            a.requiresGrad ? g.mul(b).sumTo(a.shape) : null,
            b.requiresGrad ? g.mul(a).sumTo(b.shape) : null}, a, b);
    }

    /** Multiplication by a plain number (no broadcasting work, no second input in the graph). */
    static Tensor scale(Tensor a, double factor) {
        Tensor out = Tensor.overwritten(a.dtype, a.shape);
        if (a.f != null) {
            Elementwise.scale(a.f, factor, out.f);
        } else {
            for (int i = 0; i < a.d.length; i++) {
                out.d[i] = a.d[i] * factor;
            }
        }
        if (Tensor.untracked(out, a, null)) {
            return out;
        }
        return Tensor.record(out, factor == -1.0 ? "neg" : "scale", g -> new Tensor[] {g.mul(factor)}, a);
    }

    static Tensor div(Tensor a, Tensor b) {
        Tensor out = zip("div", a, b, (x, y) -> x / y, Operator.DIV);
        if (Tensor.untracked(out, a, b)) {
            return out;
        }
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

    /** The comparisons of {@link #compare} (&gt;, &lt;, ≥, ≤, =) as masks: 1 where one holds, 0 elsewhere and for NaN. */
    enum Comparison {
        GT((x, y) -> x > y ? 1 : 0),
        LT((x, y) -> x < y ? 1 : 0),
        GE((x, y) -> x >= y ? 1 : 0),
        LE((x, y) -> x <= y ? 1 : 0),
        EQ((x, y) -> x == y ? 1 : 0);

        final DoubleBinaryOperator mask;

        Comparison(DoubleBinaryOperator mask) {
            this.mask = mask;
        }
    }

    /** Comparison masks (1 where true, 0 elsewhere), broadcast; no gradient. */
    static Tensor compare(Tensor a, Tensor b, Comparison comparison) {
        return zip("compare", a, b, comparison.mask);
    }

    static Tensor where(Tensor mask, Tensor a, Tensor b) {
        checkDtypes("where", a, b);
        int[] shape = Shapes.broadcast("where", Shapes.broadcast("where", mask.shape, a.shape), b.shape);
        Tensor m;
        Tensor x;
        Tensor y;
        try (GradMode ignored = Tensor.noGrad()) {
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
