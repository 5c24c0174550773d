package dev.descent.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked inner loops of {@link VectorGemm}: packing panels of op(A) and op(B) into contiguous
 * micro-panels, and the micro-kernels that multiply one micro-panel pair into an MR×NR tile of C held in vector
 * registers.
 *
 * <p>A packed A micro-panel holds MR rows of op(A) for kc steps of K as {@code [p][r]}; a packed B micro-panel holds
 * NR = 2 vectors of columns of op(B) as {@code [p][q]}; rows and columns past the matrix edge are zero. Each
 * element of a tile is one fused multiply-add chain over K in ascending order, started from zero (or from C, which
 * holds the chain so far, when a later K block accumulates), so its bits depend on nothing but the operands.
 */
final class VectorGemmTiles {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Floats per vector. */
    static final int L = S.length();
    /** Columns of a tile: two vectors. */
    static final int NR = 2 * L;
    /**
     * Rows of a tile. 2·MR accumulators + 2 B vectors + 1 broadcast must fit the register file: 8 with AVX-512's 32
     * registers, 6 with AVX2's 16 (measured: 8 rows spill on AVX2 and run at 60% of 6).
     */
    static final int MR = L >= 16 ? 8 : 6;

    private VectorGemmTiles() {
    }

    /** Multiplies packed micro-panels into the MR×NR tile of {@code c} at {@code ci} (row stride {@code ldc}). */
    static void tile(float[] a, int ai, float[] b, int bi, int kc, float[] c, int ci, int ldc, boolean accumulate) {
        if (MR == 8) {
            tile8(a, ai, b, bi, kc, c, ci, ldc, accumulate);
        } else {
            tile6(a, ai, b, bi, kc, c, ci, ldc, accumulate);
        }
    }

    /**
     * Packs rows [i0, i0+mc) and K steps [p0, p0+kc) of op(A) into {@code dst} as ceil(mc/MR) micro-panels of
     * MR·kc floats. A's element (i, p) is at {@code aOff + i*k + p}, or {@code aOff + p*m + i} when transposed.
     */
    static void packA(float[] a, int aOff, boolean transposed, int m, int k, int i0, int mc, int p0, int kc,
                      float[] dst) {
        int d = 0;
        for (int ir = 0; ir < mc; ir += MR) {
            int rows = Math.min(MR, mc - ir);
            if (transposed && rows == MR) {
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (p0 + p) * m + i0 + ir;
                    for (int r = 0; r < MR; r++) { // a constant trip count: C2 unrolls it
                        dst[d + r] = a[src + r];
                    }
                    d += MR;
                }
            } else if (transposed) {
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (p0 + p) * m + i0 + ir;
                    int r = 0;
                    for (; r < rows; r++) {
                        dst[d + r] = a[src + r];
                    }
                    for (; r < MR; r++) {
                        dst[d + r] = 0f;
                    }
                    d += MR;
                }
            } else {
                for (int r = 0; r < MR; r++) {
                    if (r < rows) {
                        int src = aOff + (i0 + ir + r) * k + p0;
                        for (int p = 0; p < kc; p++) {
                            dst[d + p * MR + r] = a[src + p];
                        }
                    } else {
                        for (int p = 0; p < kc; p++) {
                            dst[d + p * MR + r] = 0f;
                        }
                    }
                }
                d += MR * kc;
            }
        }
    }

    /**
     * Packs K steps [p0, p0+kc) and columns [j0, j0+nc) of op(B) into {@code dst} as ceil(nc/NR) micro-panels of
     * NR·kc floats from {@code dst[dOff]} on. B's element (p, j) is at {@code bOff + p*n + j}, or
     * {@code bOff + j*k + p} when transposed.
     */
    static void packB(float[] b, int bOff, boolean transposed, int k, int n, int p0, int kc, int j0, int nc,
                      float[] dst, int dOff) {
        int d = dOff;
        for (int jr = 0; jr < nc; jr += NR) {
            int cols = Math.min(NR, nc - jr);
            if (transposed) {
                for (int q = 0; q < NR; q++) {
                    if (q < cols) {
                        int src = bOff + (j0 + jr + q) * k + p0;
                        for (int p = 0; p < kc; p++) {
                            dst[d + p * NR + q] = b[src + p];
                        }
                    } else {
                        for (int p = 0; p < kc; p++) {
                            dst[d + p * NR + q] = 0f;
                        }
                    }
                }
            } else if (cols == NR) {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (p0 + p) * n + j0 + jr;
                    FloatVector.fromArray(S, b, src).intoArray(dst, d + p * NR);
                    FloatVector.fromArray(S, b, src + L).intoArray(dst, d + p * NR + L);
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (p0 + p) * n + j0 + jr;
                    int q = 0;
                    for (; q < cols; q++) {
                        dst[d + p * NR + q] = b[src + q];
                    }
                    for (; q < NR; q++) {
                        dst[d + p * NR + q] = 0f;
                    }
                }
            }
            d += NR * kc;
        }
    }

    // The two micro-kernels below are written out register by register: the Vector API keeps a FloatVector in a
    // register only while C2 can see every use, so no arrays of vectors and no loops over accumulators.

    /** Adds (or, when not {@code accumulate}, writes) a 8×NR tile: {@code c[i][j] = fma chain over p of a[p][i]·b[p][j]}. */
    static void tile8(float[] a, int ai, float[] b, int bi, int kc, float[] c, int ci, int ldc, boolean accumulate) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (accumulate) {
            c00 = FloatVector.fromArray(S, c, ci + 0);
            c01 = FloatVector.fromArray(S, c, ci + 0 + L);
            c10 = FloatVector.fromArray(S, c, ci + 1 * ldc);
            c11 = FloatVector.fromArray(S, c, ci + 1 * ldc + L);
            c20 = FloatVector.fromArray(S, c, ci + 2 * ldc);
            c21 = FloatVector.fromArray(S, c, ci + 2 * ldc + L);
            c30 = FloatVector.fromArray(S, c, ci + 3 * ldc);
            c31 = FloatVector.fromArray(S, c, ci + 3 * ldc + L);
            c40 = FloatVector.fromArray(S, c, ci + 4 * ldc);
            c41 = FloatVector.fromArray(S, c, ci + 4 * ldc + L);
            c50 = FloatVector.fromArray(S, c, ci + 5 * ldc);
            c51 = FloatVector.fromArray(S, c, ci + 5 * ldc + L);
            c60 = FloatVector.fromArray(S, c, ci + 6 * ldc);
            c61 = FloatVector.fromArray(S, c, ci + 6 * ldc + L);
            c70 = FloatVector.fromArray(S, c, ci + 7 * ldc);
            c71 = FloatVector.fromArray(S, c, ci + 7 * ldc + L);
        } else {
            c00 = FloatVector.zero(S); c10 = FloatVector.zero(S); c20 = FloatVector.zero(S); c30 = FloatVector.zero(S); c40 = FloatVector.zero(S); c50 = FloatVector.zero(S); c60 = FloatVector.zero(S); c70 = FloatVector.zero(S);
            c01 = FloatVector.zero(S); c11 = FloatVector.zero(S); c21 = FloatVector.zero(S); c31 = FloatVector.zero(S); c41 = FloatVector.zero(S); c51 = FloatVector.zero(S); c61 = FloatVector.zero(S); c71 = FloatVector.zero(S);
        }
        for (int p = 0; p < kc; p++) {
            int ap = ai + p * 8;
            int bp = bi + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector x;
            x = FloatVector.broadcast(S, a[ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ap + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ap + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ap + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ap + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ap + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[ap + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[ap + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c10.intoArray(c, ci + 1 * ldc);
        c11.intoArray(c, ci + 1 * ldc + L);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + L);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + L);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + L);
        c50.intoArray(c, ci + 5 * ldc);
        c51.intoArray(c, ci + 5 * ldc + L);
        c60.intoArray(c, ci + 6 * ldc);
        c61.intoArray(c, ci + 6 * ldc + L);
        c70.intoArray(c, ci + 7 * ldc);
        c71.intoArray(c, ci + 7 * ldc + L);
    }

    /** Adds (or, when not {@code accumulate}, writes) a 6×NR tile: {@code c[i][j] = fma chain over p of a[p][i]·b[p][j]}. */
    static void tile6(float[] a, int ai, float[] b, int bi, int kc, float[] c, int ci, int ldc, boolean accumulate) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (accumulate) {
            c00 = FloatVector.fromArray(S, c, ci + 0);
            c01 = FloatVector.fromArray(S, c, ci + 0 + L);
            c10 = FloatVector.fromArray(S, c, ci + 1 * ldc);
            c11 = FloatVector.fromArray(S, c, ci + 1 * ldc + L);
            c20 = FloatVector.fromArray(S, c, ci + 2 * ldc);
            c21 = FloatVector.fromArray(S, c, ci + 2 * ldc + L);
            c30 = FloatVector.fromArray(S, c, ci + 3 * ldc);
            c31 = FloatVector.fromArray(S, c, ci + 3 * ldc + L);
            c40 = FloatVector.fromArray(S, c, ci + 4 * ldc);
            c41 = FloatVector.fromArray(S, c, ci + 4 * ldc + L);
            c50 = FloatVector.fromArray(S, c, ci + 5 * ldc);
            c51 = FloatVector.fromArray(S, c, ci + 5 * ldc + L);
        } else {
            c00 = FloatVector.zero(S); c10 = FloatVector.zero(S); c20 = FloatVector.zero(S); c30 = FloatVector.zero(S); c40 = FloatVector.zero(S); c50 = FloatVector.zero(S);
            c01 = FloatVector.zero(S); c11 = FloatVector.zero(S); c21 = FloatVector.zero(S); c31 = FloatVector.zero(S); c41 = FloatVector.zero(S); c51 = FloatVector.zero(S);
        }
        for (int p = 0; p < kc; p++) {
            int ap = ai + p * 6;
            int bp = bi + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector x;
            x = FloatVector.broadcast(S, a[ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ap + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ap + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ap + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ap + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ap + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c10.intoArray(c, ci + 1 * ldc);
        c11.intoArray(c, ci + 1 * ldc + L);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + L);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + L);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + L);
        c50.intoArray(c, ci + 5 * ldc);
        c51.intoArray(c, ci + 5 * ldc + L);
    }
}
