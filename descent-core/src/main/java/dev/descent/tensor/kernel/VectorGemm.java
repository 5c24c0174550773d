package dev.descent.tensor.kernel;

import static dev.descent.tensor.kernel.VectorGemmTiles.MR;
import static dev.descent.tensor.kernel.VectorGemmTiles.NR;

/**
 * F32 matrix multiply on the JDK's Vector API, in the GotoBLAS/BLIS layout (Goto and van de Geijn, "Anatomy of
 * high-performance matrix multiplication", ACM TOMS 34(3), 2008): for each NC-wide panel of op(B) and each KC-deep
 * slice of K, the slice of op(B) is packed once, then for each MC-high block of op(A) the block is packed and swept
 * by {@link VectorGemmTiles} micro-kernels, MR×NR tiles of C held in registers.
 *
 * <p>Threads split C into a grid of row and column ranges, never K (large products: rows only, all threads reading
 * one shared packed panel of B); each element of C is one fused multiply-add chain over K in ascending order
 * whatever the grid, the blocking or the thread count, so the result is bitwise independent of
 * {@link Parallelism#threads()}. Packing buffers are per thread and reused: steady-state products allocate no
 * arrays.
 */
final class VectorGemm implements Gemm {
    /**
     * Depth of a K block: with MC, measured best at 1024³ and 2048³ (AVX-512, 1 MiB L2). The three block sizes can
     * be overridden with system properties {@code descent.gemm.vector.kc}, {@code .mc} and {@code .nc}, for tuning
     * on other caches.
     */
    private static final int KC = Math.max(1, Integer.getInteger("descent.gemm.vector.kc", 512));
    /** Rows of A packed per block: a multiple of the micro-kernel height MR. */
    private static final int MC = roundUp(Math.max(1, Integer.getInteger("descent.gemm.vector.mc", 96)), MR);
    /** Columns of B packed per panel: a multiple of NR. */
    private static final int NC = roundUp(Math.max(1, Integer.getInteger("descent.gemm.vector.nc", 2048)), NR);
    /** Below this many multiply-adds a product runs on the caller's thread. */
    private static final long PARALLEL_WORK = 1L << 20;
    /**
     * Below this many multiply-adds a product skips packing ({@link VectorGemmSmall}); system property
     * {@code descent.gemm.vector.smallWork}.
     */
    private static final long SMALL_WORK = Long.getLong("descent.gemm.vector.smallWork", PARALLEL_WORK);
    /** From this many multiply-adds on (and with rows enough), threads share each packed panel of B. */
    private static final long SHARED_PANEL_WORK = 1L << 26;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** One thread's packing buffers, grown to the largest blocks it has seen and then reused. */
    private static final class Scratch {
        float[] packedA = new float[0];
        float[] packedB = new float[0];
        /** The panel of B that all threads read in {@link VectorGemm#multiplyShared}, owned by the calling thread. */
        float[] sharedB = new float[0];
        final float[] edge = new float[MR * NR];

        void reserve(int aFloats, int bFloats) {
            if (packedA.length < aFloats) {
                packedA = new float[aFloats];
            }
            if (packedB.length < bFloats) {
                packedB = new float[bFloats];
            }
        }
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public boolean multiply(float[] a, int aOff, boolean transposeA, float[] b, int bOff, boolean transposeB,
                            float[] c, int cOff, int m, int k, int n) {
        long work = (long) m * n * k;
        if (work < SMALL_WORK && (!transposeB || n <= 4 * VectorGemmTiles.L)) {
            VectorGemmSmall.multiply(a, aOff, transposeA, b, bOff, transposeB, c, cOff, m, k, n);
            return true;
        }
        int threads = Parallelism.threads();
        if (threads == 1 || work < PARALLEL_WORK) {
            block(a, aOff, transposeA, b, bOff, transposeB, c, cOff, m, k, n, 0, m, 0, n);
            return true;
        }
        // Split rows first: a row part re-packs its columns of B, which is cheap (rows of B are contiguous unless
        // transposed); columns are split only when there are too few rows.
        int rowTiles = (m + MR - 1) / MR;
        int colTiles = (n + NR - 1) / NR;
        if (work >= SHARED_PANEL_WORK && rowTiles >= 4 * threads) {
            multiplyShared(a, aOff, transposeA, b, bOff, transposeB, c, cOff, m, k, n, 4 * threads);
            return true;
        }
        int target = threads;
        int rowParts = Math.min(target, rowTiles);
        int colParts = Math.min((target + rowParts - 1) / rowParts, colTiles);
        int parts = rowParts * colParts;
        Parallelism.forEach(parts, t -> {
            int rp = t / colParts;
            int cp = t % colParts;
            int i0 = Math.min(m, rowTiles * rp / rowParts * MR);
            int i1 = Math.min(m, rowTiles * (rp + 1) / rowParts * MR);
            int j0 = Math.min(n, colTiles * cp / colParts * NR);
            int j1 = Math.min(n, colTiles * (cp + 1) / colParts * NR);
            block(a, aOff, transposeA, b, bOff, transposeB, c, cOff, m, k, n, i0, i1, j0, j1);
        });
        return true;
    }

    /** The packed path on the calling thread, whatever the size: for tests that compare it with the small path. */
    static void multiplyPacked(float[] a, int aOff, boolean ta, float[] b, int bOff, boolean tb, float[] c, int cOff,
                               int m, int k, int n) {
        block(a, aOff, ta, b, bOff, tb, c, cOff, m, k, n, 0, m, 0, n);
    }

    /**
     * The parallel path for large products: each panel of op(B) is packed once, by all threads, into a buffer they
     * then all read while each sweeps its own rows over it. (With private panels every row part packed all of B
     * again: at 2048³ on two threads that was 256 MB of copying.) Parts of rows are more than threads, so a thread
     * slowed down by another process is caught up.
     */
    private static void multiplyShared(float[] a, int aOff, boolean ta, float[] b, int bOff, boolean tb, float[] c,
                                       int cOff, int m, int k, int n, int rowParts) {
        int kBlocks = (k + KC - 1) / KC;
        int kcMax = (k + kBlocks - 1) / kBlocks;
        int rowTiles = (m + MR - 1) / MR;
        Scratch caller = SCRATCH.get();
        if (caller.sharedB.length < Math.min(NC, roundUp(n, NR)) * kcMax) {
            caller.sharedB = new float[Math.min(NC, roundUp(n, NR)) * kcMax];
        }
        float[] pb = caller.sharedB;
        int packParts = 2 * Parallelism.threads();
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            int panels = (nc + NR - 1) / NR;
            for (int pc = 0; pc < k; pc += kcMax) {
                int kc = Math.min(kcMax, k - pc);
                int col0 = jc;
                int depth0 = pc;
                Parallelism.forEach(Math.min(packParts, panels), t -> {
                    int q0 = panels * t / Math.min(packParts, panels) * NR;
                    int q1 = Math.min(nc, panels * (t + 1) / Math.min(packParts, panels) * NR);
                    VectorGemmTiles.packB(b, bOff, tb, k, n, depth0, kc, col0 + q0, q1 - q0, pb, q0 * kc);
                });
                Parallelism.forEach(rowParts, t -> {
                    int i0 = Math.min(m, rowTiles * t / rowParts * MR);
                    int i1 = Math.min(m, rowTiles * (t + 1) / rowParts * MR);
                    Scratch s = SCRATCH.get();
                    s.reserve(Math.min(MC, roundUp(Math.max(1, i1 - i0), MR)) * kcMax, 0);
                    for (int ic = i0; ic < i1; ic += MC) {
                        int mc = Math.min(MC, i1 - ic);
                        VectorGemmTiles.packA(a, aOff, ta, m, k, ic, mc, depth0, kc, s.packedA);
                        sweep(s.packedA, pb, s.edge, c, cOff + ic * n + col0, n, mc, nc, kc, depth0 > 0);
                    }
                });
            }
        }
    }

    /** Rows [i0, i1) and columns [j0, j1) of C. */
    private static void block(float[] a, int aOff, boolean ta, float[] b, int bOff, boolean tb, float[] c, int cOff,
                              int m, int k, int n, int i0, int i1, int j0, int j1) {
        if (i0 >= i1 || j0 >= j1) {
            return;
        }
        // K blocks of equal depth; the bits of C do not depend on where K is cut (C holds the exact chain so far)
        int kBlocks = (k + KC - 1) / KC;
        int kcMax = (k + kBlocks - 1) / kBlocks;
        Scratch s = SCRATCH.get();
        s.reserve(Math.min(MC, roundUp(i1 - i0, MR)) * kcMax, Math.min(NC, roundUp(j1 - j0, NR)) * kcMax);
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += kcMax) {
                int kc = Math.min(kcMax, k - pc);
                VectorGemmTiles.packB(b, bOff, tb, k, n, pc, kc, jc, nc, s.packedB, 0);
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    VectorGemmTiles.packA(a, aOff, ta, m, k, ic, mc, pc, kc, s.packedA);
                    sweep(s.packedA, s.packedB, s.edge, c, cOff + ic * n + jc, n, mc, nc, kc, pc > 0);
                }
            }
        }
    }

    /** Multiplies the packed mc×kc block of A by the packed kc×nc panel of B into C at {@code ci}. */
    private static void sweep(float[] pa, float[] pb, float[] edge, float[] c, int ci, int ldc, int mc, int nc,
                              int kc, boolean accumulate) {
        for (int jr = 0; jr < nc; jr += NR) {
            int cols = Math.min(NR, nc - jr);
            int bi = jr * kc;
            for (int ir = 0; ir < mc; ir += MR) {
                int rows = Math.min(MR, mc - ir);
                int ai = ir * kc;
                int cij = ci + ir * ldc + jr;
                if (rows == MR && cols == NR) {
                    VectorGemmTiles.tile(pa, ai, pb, bi, kc, c, cij, ldc, accumulate);
                } else {
                    edgeTile(edge, pa, ai, pb, bi, kc, c, cij, ldc, rows, cols, accumulate);
                }
            }
        }
    }

    /** A tile cut by the edge of C: computed whole in a scratch tile, of which the part inside C is copied. */
    private static void edgeTile(float[] t, float[] pa, int ai, float[] pb, int bi, int kc, float[] c, int cij,
                                 int ldc, int rows, int cols, boolean accumulate) {
        if (accumulate) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(c, cij + r * ldc, t, r * NR, cols);
            }
        }
        VectorGemmTiles.tile(pa, ai, pb, bi, kc, t, 0, NR, accumulate);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(t, r * NR, c, cij + r * ldc, cols);
        }
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }
}
