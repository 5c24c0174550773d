package dev.descent.tensor.kernel;

import static dev.descent.tensor.kernel.VectorGemmTiles.L;
import static dev.descent.tensor.kernel.VectorGemmTiles.S;

import jdk.incubator.vector.FloatVector;

/**
 * Small products for {@link VectorGemm}, the ones a training step of a small network is made of (10×784×30,
 * 784×10×30, 128×512×10): packing op(A) into micro-panels and computing 8×32 tiles cut by the matrix edges cost more
 * than the arithmetic there (18 µs for 10×784×30, 11 µs this way, where OpenBLAS takes 8). Here op(B) is copied once
 * into rows padded to whole vectors, op(A) is read where it lies, and 4 rows × 2 vectors of C are held in registers.
 * A wide transposed B is left to the packed path: copying it into rows reads it across its rows.
 *
 * <p>Each element of C is the same fused multiply-add chain over K in ascending order, started from zero, as in
 * {@link VectorGemmTiles}, so both paths give the same bits.
 */
final class VectorGemmSmall {
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** One thread's padded copy of op(B) and a vector-sized row for stores cut by the right edge of C. */
    private static final class Scratch {
        float[] paddedB = new float[0];
        final float[] tail = new float[L];
    }

    private VectorGemmSmall() {
    }

    /** C = op(A)·op(B) on the calling thread (see {@link Gemm#multiply} for the layout). */
    static void multiply(float[] a, int aOff, boolean ta, float[] b, int bOff, boolean tb, float[] c, int cOff, int m,
                         int k, int n) {
        int np = (n + L - 1) / L * L;
        Scratch s = SCRATCH.get();
        if (s.paddedB.length < k * np) {
            s.paddedB = new float[k * np];
        }
        float[] pb = s.paddedB;
        padB(b, bOff, tb, k, n, np, pb);
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int j = 0;
            for (; j + 2 * L <= np; j += 2 * L) {
                rows4x2(a, aOff, ta, m, k, i, pb, np, j, c, cOff, n, s.tail);
            }
            if (j < np) {
                rows4x1(a, aOff, ta, m, k, i, pb, np, j, c, cOff, n, s.tail);
            }
        }
        for (; i < m; i++) {
            int j = 0;
            for (; j + 2 * L <= np; j += 2 * L) {
                row1x2(a, aOff, ta, m, k, i, pb, np, j, c, cOff, n, s.tail);
            }
            if (j < np) {
                row1x1(a, aOff, ta, m, k, i, pb, np, j, c, cOff, n, s.tail);
            }
        }
    }

    /** op(B) as k rows of np floats, the columns past n zero. */
    private static void padB(float[] b, int bOff, boolean tb, int k, int n, int np, float[] pb) {
        if (tb) {
            for (int p = 0; p < k; p++) {
                int d = p * np;
                for (int j = 0; j < n; j++) {
                    pb[d + j] = b[bOff + j * k + p];
                }
                java.util.Arrays.fill(pb, d + n, d + np, 0f);
            }
        } else {
            for (int p = 0; p < k; p++) {
                System.arraycopy(b, bOff + p * n, pb, p * np, n);
                java.util.Arrays.fill(pb, p * np + n, (p + 1) * np, 0f);
            }
        }
    }

    private static void rows4x2(float[] a, int aOff, boolean ta, int m, int k, int i, float[] pb, int np, int j,
                                float[] c, int cOff, int n, float[] tail) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        // A's element (i, p) is at a0 + p*step + r*rowStep for row i + r
        int a0 = ta ? aOff + i : aOff + i * k;
        int step = ta ? m : 1;
        int rowStep = ta ? 1 : k;
        int bi = j;
        for (int p = 0; p < k; p++, a0 += step, bi += np) {
            FloatVector b0 = FloatVector.fromArray(S, pb, bi);
            FloatVector b1 = FloatVector.fromArray(S, pb, bi + L);
            FloatVector x = FloatVector.broadcast(S, a[a0]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a0 + rowStep]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a0 + 2 * rowStep]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a0 + 3 * rowStep]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        store(c00, c, cOff, n, i, j, tail);
        store(c01, c, cOff, n, i, j + L, tail);
        store(c10, c, cOff, n, i + 1, j, tail);
        store(c11, c, cOff, n, i + 1, j + L, tail);
        store(c20, c, cOff, n, i + 2, j, tail);
        store(c21, c, cOff, n, i + 2, j + L, tail);
        store(c30, c, cOff, n, i + 3, j, tail);
        store(c31, c, cOff, n, i + 3, j + L, tail);
    }

    private static void rows4x1(float[] a, int aOff, boolean ta, int m, int k, int i, float[] pb, int np, int j,
                                float[] c, int cOff, int n, float[] tail) {
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = c0;
        FloatVector c2 = c0;
        FloatVector c3 = c0;
        int a0 = ta ? aOff + i : aOff + i * k;
        int step = ta ? m : 1;
        int rowStep = ta ? 1 : k;
        int bi = j;
        for (int p = 0; p < k; p++, a0 += step, bi += np) {
            FloatVector b0 = FloatVector.fromArray(S, pb, bi);
            c0 = FloatVector.broadcast(S, a[a0]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, a[a0 + rowStep]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, a[a0 + 2 * rowStep]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, a[a0 + 3 * rowStep]).fma(b0, c3);
        }
        store(c0, c, cOff, n, i, j, tail);
        store(c1, c, cOff, n, i + 1, j, tail);
        store(c2, c, cOff, n, i + 2, j, tail);
        store(c3, c, cOff, n, i + 3, j, tail);
    }

    private static void row1x2(float[] a, int aOff, boolean ta, int m, int k, int i, float[] pb, int np, int j,
                               float[] c, int cOff, int n, float[] tail) {
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = c0;
        int a0 = ta ? aOff + i : aOff + i * k;
        int step = ta ? m : 1;
        int bi = j;
        for (int p = 0; p < k; p++, a0 += step, bi += np) {
            FloatVector x = FloatVector.broadcast(S, a[a0]);
            c0 = x.fma(FloatVector.fromArray(S, pb, bi), c0);
            c1 = x.fma(FloatVector.fromArray(S, pb, bi + L), c1);
        }
        store(c0, c, cOff, n, i, j, tail);
        store(c1, c, cOff, n, i, j + L, tail);
    }

    private static void row1x1(float[] a, int aOff, boolean ta, int m, int k, int i, float[] pb, int np, int j,
                               float[] c, int cOff, int n, float[] tail) {
        FloatVector c0 = FloatVector.zero(S);
        int a0 = ta ? aOff + i : aOff + i * k;
        int step = ta ? m : 1;
        int bi = j;
        for (int p = 0; p < k; p++, a0 += step, bi += np) {
            c0 = FloatVector.broadcast(S, a[a0]).fma(FloatVector.fromArray(S, pb, bi), c0);
        }
        store(c0, c, cOff, n, i, j, tail);
    }

    /** Columns [j, j+L) of row i of C, of which only those before n exist. */
    private static void store(FloatVector v, float[] c, int cOff, int n, int i, int j, float[] tail) {
        if (j >= n) {
            return;
        }
        int at = cOff + i * n + j;
        if (j + L <= n) {
            v.intoArray(c, at);
        } else {
            // through a scratch vector: a masked store takes longer on JDK 17 (measured: 24 against 14 µs for
            // 784x10x30 with A transposed)
            v.intoArray(tail, 0);
            System.arraycopy(tail, 0, c, at, n - j);
        }
    }
}
