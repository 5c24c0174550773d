package dev.descent.tensor;

import dev.descent.tensor.kernel.FusedLosses;

/** Reductions along an axis (sum, max, min) and the composites built on them: softmax, logSoftmax, logSumExp. */
final class Reductions {
    private Reductions() {
    }

    static Tensor sumAll(Tensor a) {
        double s = 0;
        if (a.f != null) {
            for (float v : a.f) {
                s += v;
            }
        } else {
            for (double v : a.d) {
                s += v;
            }
        }
        Tensor out = Tensor.scalarResult(s, a.dtype);
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
            if (inner == 1) {
                // a reduction along the last axis (row sums): one running sum per row
                double s = 0;
                if (a.f != null) {
                    for (int k = base; k < base + len; k++) {
                        s += a.f[k];
                    }
                } else {
                    for (int k = base; k < base + len; k++) {
                        s += a.d[k];
                    }
                }
                out.put(o, s);
                continue;
            }
            for (int k = 0; k < len; k++) {
                int row = base + k * inner;
                if (a.f != null) {
                    float[] x = a.f;
                    for (int j = 0; j < inner; j++) {
                        acc[j] += x[row + j];
                    }
                } else {
                    double[] x = a.d;
                    for (int j = 0; j < inner; j++) {
                        acc[j] += x[row + j];
                    }
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
        try (GradMode ignored = Tensor.noGrad()) {
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

    /**
     * Softmax cross-entropy of logits z [n, c] against targets y [n, c], averaged over rows: −(1/n) Σ y·logSoftmax(z).
     * Fused for speed: the forward rounds each step as the composite (logSoftmax, mul, sum, mean, neg) does in F32, so
     * the value is the same; the backward is (softmax(z)·Σⱼy − y)·g/n — (p − y)/n for one-hot targets — in one loop,
     * or, when the backward itself is recorded (createGraph) or the targets need a gradient, the same rule in
     * differentiable ops.
     */
    static Tensor softmaxCrossEntropy(Tensor z, Tensor y) {
        Arithmetic.checkDtypes("softmaxCrossEntropy", z, y);
        if (z.dim() != 2 || !Shapes.sameShape(z.shape, y.shape)) {
            throw new IllegalArgumentException("softmaxCrossEntropy: expected logits and targets of one shape [n, c], got "
                    + Shapes.str(z.shape) + " and " + Shapes.str(y.shape));
        }
        int rows = z.shape[0];
        int cols = z.shape[1];
        if (cols == 0) {
            return logSoftmax(z, 1).mul(y).sum(1, false).mean().neg();
        }
        int n = Math.max(1, rows);
        Tensor logp = Tensor.empty(z.dtype, z.shape);
        Tensor out = z.f != null
                ? Tensor.scalarResult(FusedLosses.softmaxCrossEntropy(z.f, y.f, rows, cols, logp.f), DType.F32)
                : Tensor.scalarResult(FusedLosses.softmaxCrossEntropy(z.d, y.d, rows, cols, logp.d), DType.F64);
        return Tensor.record(out, "softmaxCrossEntropy", g -> {
            if (!Pointwise.fusedBackward() || y.requiresGrad) {
                return new Tensor[] {
                    z.requiresGrad ? z.softmax(1).mul(y.sum(1, true)).sub(y).mul(g.div(n)) : null,
                    y.requiresGrad ? logSoftmax(z, 1).mul(g.div(-n)) : null};
            }
            // d/dz = (p·Σy − y)·g/n with p = exp(logp)
            Tensor dz = Tensor.empty(z.dtype, z.shape);
            double factor = g.item() / n;
            if (dz.f != null) {
                FusedLosses.softmaxCrossEntropyBackward(logp.f, y.f, rows, cols, factor, dz.f);
            } else {
                FusedLosses.softmaxCrossEntropyBackward(logp.d, y.d, rows, cols, factor, dz.d);
            }
            return new Tensor[] {dz, null};
        }, z, y);
    }

    /**
     * Σ (p − t)² over all elements as one op (the quadratic and sum-of-squares costs): the value rounds as the
     * composite sub, pow(2), sum does; the backward 2(p − t)·g is one loop, or differentiable ops under createGraph.
     */
    static Tensor squaredDistance(Tensor p, Tensor t) {
        Arithmetic.checkDtypes("squaredDistance", p, t);
        if (!Shapes.sameShape(p.shape, t.shape)) {
            throw new IllegalArgumentException("squaredDistance: shapes " + Shapes.str(p.shape) + " and "
                    + Shapes.str(t.shape) + " differ");
        }
        Tensor diff = Tensor.empty(p.dtype, p.shape);
        double s = p.f != null ? FusedLosses.squaredDistance(p.f, t.f, diff.f)
                : FusedLosses.squaredDistance(p.d, t.d, diff.d);
        Tensor out = Tensor.scalarResult(s, p.dtype);
        return Tensor.record(out, "squaredDistance", g -> {
            Tensor dp;
            if (Pointwise.fusedBackward()) {
                dp = Tensor.empty(p.dtype, p.shape);
                if (p.f != null) {
                    FusedLosses.squaredDistanceBackward(diff.f, g.f[0], dp.f);
                } else {
                    FusedLosses.squaredDistanceBackward(diff.d, g.d[0], dp.d);
                }
            } else {
                dp = p.sub(t).mul(2.0).mul(g);
            }
            return new Tensor[] {p.requiresGrad ? dp : null, t.requiresGrad ? dp.neg() : null};
        }, p, t);
    }

    static Tensor logSoftmax(Tensor a, int axis) {
        int ax = Shapes.axis("logSoftmax", axis, a.dim());
        return a.sub(logSumExp(a, ax, true));
    }
}
