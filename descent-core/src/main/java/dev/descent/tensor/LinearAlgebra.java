package dev.descent.tensor;

import dev.descent.tensor.kernel.MatMul;

/** Matrix multiplication, 2-d and batched, on the blocked multi-threaded kernel. */
final class LinearAlgebra {
    private LinearAlgebra() {
    }

    static Tensor matmul(Tensor a, Tensor b) {
        Arithmetic.checkDtypes("matmul", a, b);
        if (a.dim() == 0 || b.dim() == 0) {
            throw new IllegalArgumentException("matmul: scalars have no matrix product (shapes "
                    + Shapes.str(a.shape) + " x " + Shapes.str(b.shape) + "); use mul");
        }
        if (a.dim() == 1 && b.dim() == 1) {
            return matmul(a.reshape(1, -1), b.reshape(-1, 1)).reshape();
        }
        if (a.dim() == 1) {
            Tensor r = matmul(a.unsqueeze(0), b);
            return r.reshape(squeeze(r.shape, r.dim() - 2));
        }
        if (b.dim() == 1) {
            Tensor r = matmul(a, b.unsqueeze(1));
            return r.reshape(squeeze(r.shape, r.dim() - 1));
        }
        if (a.dim() == 2 && b.dim() == 2) {
            return product(a, false, b, false);
        }
        int m = a.shape[a.dim() - 2];
        int k = a.shape[a.dim() - 1];
        int k2 = b.shape[b.dim() - 2];
        int n = b.shape[b.dim() - 1];
        if (k != k2) {
            throw new IllegalArgumentException("matmul: " + Shapes.str(a.shape) + " x " + Shapes.str(b.shape)
                    + ": inner dimensions " + k + " and " + k2 + " differ");
        }
        int[] batchA = java.util.Arrays.copyOf(a.shape, a.dim() - 2);
        int[] batchB = java.util.Arrays.copyOf(b.shape, b.dim() - 2);
        int[] batch = Shapes.broadcast("matmul", batchA, batchB);
        int[] shape = java.util.Arrays.copyOf(batch, batch.length + 2);
        shape[batch.length] = m;
        shape[batch.length + 1] = n;
        Tensor out = Tensor.empty(a.dtype, shape);
        int batches = Shapes.numel(batch);
        int[] sa = Shapes.broadcastStrides(batchA, batch);
        int[] sb = Shapes.broadcastStrides(batchB, batch);
        int[] idx = new int[batch.length];
        for (int p = 0; p < batches; p++) {
            int ia = 0;
            int ib = 0;
            for (int q = 0; q < batch.length; q++) {
                ia += idx[q] * sa[q];
                ib += idx[q] * sb[q];
            }
            if (a.f != null) {
                MatMul.multiply(a.f, ia * m * k, b.f, ib * k * n, out.f, p * m * n, m, k, n);
            } else {
                MatMul.multiply(a.d, ia * m * k, b.d, ib * k * n, out.d, p * m * n, m, k, n);
            }
            for (int q = batch.length - 1; q >= 0; q--) {
                if (++idx[q] < batch[q]) {
                    break;
                }
                idx[q] = 0;
            }
        }
        // d(AB)/dA = G·Bᵀ, d(AB)/dB = Aᵀ·G, summed over broadcast batch dimensions.
        return Tensor.record(out, "matmul", g -> new Tensor[] {
            a.requiresGrad ? g.matmul(b.transpose(-1, -2)).sumTo(a.shape) : null,
            b.requiresGrad ? a.transpose(-1, -2).matmul(g).sumTo(b.shape) : null}, a, b);
    }

    /**
     * The 2-d product {@code op(a)·op(b)}, op being the transpose where asked, on the kernel's transposing variants so
     * that no transpose is materialised. Its backward rule is made of the same op, so it differentiates again:
     * with X = op(a), Y = op(b) and G the upstream gradient, dX = G·Yᵀ and dY = Xᵀ·G, and a stored-transposed
     * operand receives the transpose of its gradient (dA = Y·Gᵀ, dB = Gᵀ·X).
     */
    static Tensor product(Tensor a, boolean ta, Tensor b, boolean tb) {
        Arithmetic.checkDtypes("matmul", a, b);
        int m = ta ? a.shape[1] : a.shape[0];
        int k = ta ? a.shape[0] : a.shape[1];
        int k2 = tb ? b.shape[1] : b.shape[0];
        int n = tb ? b.shape[0] : b.shape[1];
        if (k != k2) {
            throw new IllegalArgumentException("matmul: " + Shapes.str(a.shape) + (ta ? "ᵀ" : "") + " x "
                    + Shapes.str(b.shape) + (tb ? "ᵀ" : "") + ": inner dimensions " + k + " and " + k2 + " differ");
        }
        Tensor out = Tensor.overwritten(a.dtype, m, n); // the product overwrites every element
        if (a.f != null) {
            MatMul.multiply(a.f, 0, ta, b.f, 0, tb, out.f, 0, m, k, n);
        } else {
            MatMul.multiply(a.d, 0, ta, b.d, 0, tb, out.d, 0, m, k, n);
        }
        if (Tensor.untracked(out, a, b)) {
            return out;
        }
        return Tensor.record(out, "matmul", g -> new Tensor[] {
            !a.requiresGrad ? null : ta ? product(b, tb, g, true) : product(g, false, b, !tb),
            !b.requiresGrad ? null : tb ? product(g, true, a, ta) : product(a, !ta, g, false)}, a, b);
    }

    /**
     * The fully connected layer {@code x·w + b} as one op: x [n, in], w [in, out], b [out]. The bias is added into
     * the product's storage (one tensor instead of two), and the backward rule is made of differentiable ops —
     * dx = G·wᵀ, dw = xᵀ·G, db = G summed over rows — so second-order gradients still work.
     */
    static Tensor linear(Tensor x, Tensor w, Tensor b) {
        Arithmetic.checkDtypes("linear", x, w);
        Arithmetic.checkDtypes("linear", x, b);
        if (x.dim() != 2 || w.dim() != 2 || b.dim() != 1 || x.shape[1] != w.shape[0] || b.shape[0] != w.shape[1]) {
            throw new IllegalArgumentException("linear: expected x [n, in], weight [in, out], bias [out], got "
                    + Shapes.str(x.shape) + ", " + Shapes.str(w.shape) + ", " + Shapes.str(b.shape));
        }
        int m = x.shape[0];
        int k = x.shape[1];
        int n = w.shape[1];
        Tensor out = Tensor.overwritten(x.dtype, m, n); // the product overwrites every element
        if (x.f != null) {
            MatMul.multiply(x.f, 0, false, w.f, 0, false, out.f, 0, m, k, n);
            float[] y = out.f;
            float[] bias = b.f;
            for (int r = 0; r < m * n; r += n) {
                for (int j = 0; j < n; j++) {
                    y[r + j] += bias[j];
                }
            }
        } else {
            MatMul.multiply(x.d, 0, false, w.d, 0, false, out.d, 0, m, k, n);
            double[] y = out.d;
            double[] bias = b.d;
            for (int r = 0; r < m * n; r += n) {
                for (int j = 0; j < n; j++) {
                    y[r + j] += bias[j];
                }
            }
        }
        if (Tensor.untracked(out, x, w) && !b.requiresGrad) {
            return out;
        }
        int[] biasShape = b.shape;
        return Tensor.record(out, "linear", g -> new Tensor[] {
            x.requiresGrad ? product(g, false, w, true) : null,
            w.requiresGrad ? product(x, true, g, false) : null,
            b.requiresGrad ? g.sumTo(biasShape) : null}, x, w, b);
    }

    /** {@code a·bᵀ} for 2-d tensors, without materialising the transpose. */
    static Tensor matmulTransposedB(Tensor a, Tensor b) {
        check2d(a, b);
        return product(a, false, b, true);
    }

    /** {@code aᵀ·b} for 2-d tensors, without materialising the transpose. */
    static Tensor matmulTransposedA(Tensor a, Tensor b) {
        check2d(a, b);
        return product(a, true, b, false);
    }

    private static void check2d(Tensor a, Tensor b) {
        if (a.dim() != 2 || b.dim() != 2) {
            throw new IllegalArgumentException("matmul: transposed products take 2-d tensors, got "
                    + Shapes.str(a.shape) + " and " + Shapes.str(b.shape));
        }
    }

    private static int[] squeeze(int[] shape, int axis) {
        int[] s = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != axis) {
                s[j++] = shape[i];
            }
        }
        return s;
    }
}
