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
