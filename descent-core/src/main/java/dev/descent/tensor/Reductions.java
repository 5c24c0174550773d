package dev.descent.tensor;

/** Reductions along an axis (sum, max, min) and the composites built on them: softmax, logSoftmax, logSumExp. */
final class Reductions {
    private Reductions() {
    }

    static Tensor sumAll(Tensor a) {
        double s = 0;
        for (int i = 0, n = a.numel(); i < n; i++) {
            s += a.at(i);
        }
        Tensor out = Tensor.scalar(s, a.dtype);
        return Tensor.record(out, "sum", g -> new Tensor[] {g.expand(a.shape)}, a);
    }

    static Tensor sum(Tensor a, int axis, boolean keepDim) {
        int ax = Shapes.axis("sum", axis, a.dim());
        int[] shape = a.shape;
        int len = shape[ax];
        int inner = Shapes.numel(java.util.Arrays.copyOfRange(shape, ax + 1, shape.length));
        int outer = len == 0 || inner == 0 ? Shapes.numel(java.util.Arrays.copyOfRange(shape, 0, ax))
                : a.numel() / (len * inner);
        int[] keptShape = Shapes.reduced(shape, ax, true);
        Tensor out = Tensor.empty(a.dtype, Shapes.reduced(shape, ax, keepDim));
        double[] acc = new double[inner];
        for (int o = 0; o < outer; o++) {
            java.util.Arrays.fill(acc, 0.0);
            int base = o * len * inner;
            for (int k = 0; k < len; k++) {
                int row = base + k * inner;
                for (int j = 0; j < inner; j++) {
                    acc[j] += a.at(row + j);
                }
            }
            for (int j = 0; j < inner; j++) {
                out.put(o * inner + j, acc[j]);
            }
        }
        return Tensor.record(out, "sum", g -> new Tensor[] {g.reshape(keptShape).expand(shape)}, a);
    }

    /** Max (or min) along an axis; the gradient goes to the first extreme entry, as PyTorch's {@code max(dim)}. */
    static Tensor extreme(Tensor a, int axis, boolean keepDim, boolean max) {
        String op = max ? "max" : "min";
        int ax = Shapes.axis(op, axis, a.dim());
        int[] shape = a.shape;
        int len = shape[ax];
        if (len == 0) {
            throw new IllegalArgumentException(op + ": empty dimension " + ax + " in shape " + Shapes.str(shape));
        }
        int inner = Shapes.numel(java.util.Arrays.copyOfRange(shape, ax + 1, shape.length));
        int outer = a.numel() / (len * inner);
        int[] keptShape = Shapes.reduced(shape, ax, true);
        Tensor out = Tensor.empty(a.dtype, Shapes.reduced(shape, ax, keepDim));
        Tensor mask = Tensor.empty(a.dtype, shape);
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < inner; j++) {
                int first = o * len * inner + j;
                int best = first;
                double bv = a.at(first);
                for (int k = 1; k < len; k++) {
                    int p = first + k * inner;
                    double v = a.at(p);
                    if (max ? v > bv || Double.isNaN(v) && !Double.isNaN(bv) : v < bv || Double.isNaN(v) && !Double.isNaN(bv)) {
                        bv = v;
                        best = p;
                    }
                }
                out.put(o * inner + j, bv);
                mask.put(best, 1.0);
            }
        }
        return Tensor.record(out, op, g -> new Tensor[] {g.reshape(keptShape).expand(shape).mul(mask)}, a);
    }

    static int[] argExtreme(Tensor a, int axis, boolean max) {
        int ax = Shapes.axis("argmax", axis, a.dim());
        int len = a.shape[ax];
        if (len == 0) {
            throw new IllegalArgumentException("argmax: empty dimension " + ax);
        }
        int inner = Shapes.numel(java.util.Arrays.copyOfRange(a.shape, ax + 1, a.shape.length));
        int outer = a.numel() / (len * inner);
        int[] result = new int[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < inner; j++) {
                int first = o * len * inner + j;
                int best = 0;
                double bv = a.at(first);
                for (int k = 1; k < len; k++) {
                    double v = a.at(first + k * inner);
                    if (max ? v > bv : v < bv) {
                        bv = v;
                        best = k;
                    }
                }
                result[o * inner + j] = best;
            }
        }
        return result;
    }

    /** The row maxima as a constant, with infinite maxima replaced by 0 so that x − m stays finite. */
    private static Tensor shift(Tensor a, int axis) {
        Tensor m;
        try (NoGrad ignored = Tensor.noGrad()) {
            m = extreme(a, axis, true, true);
        }
        for (int i = 0, n = m.numel(); i < n; i++) {
            if (Double.isInfinite(m.at(i))) {
                m.put(i, 0.0);
            }
        }
        return m;
    }

    static Tensor logSumExp(Tensor a, int axis, boolean keepDim) {
        int ax = Shapes.axis("logSumExp", axis, a.dim());
        // log Σ e^x = m + log Σ e^(x−m) with m = max x: no overflow, and at least one term is e^0 = 1.
        Tensor m = shift(a, ax);
        Tensor lse = a.sub(m).exp().sum(ax, true).log().add(m);
        return keepDim ? lse : lse.reshape(Shapes.reduced(a.shape, ax, false));
    }

    static Tensor softmax(Tensor a, int axis) {
        int ax = Shapes.axis("softmax", axis, a.dim());
        Tensor e = a.sub(shift(a, ax)).exp();
        return e.div(e.sum(ax, true));
    }

    static Tensor logSoftmax(Tensor a, int axis) {
        int ax = Shapes.axis("logSoftmax", axis, a.dim());
        return a.sub(logSumExp(a, ax, true));
    }
}
