package dev.descent.tensor.kernel;

/**
 * Row-major matrix multiply {@code C = op(A)·op(B)} on primitive arrays, where {@code op} is the identity or the
 * transpose, cache-blocked and multi-threaded.
 *
 * <p>The F32 kernel packs a panel of op(B) (at most {@code K_BLOCK} rows by {@code N_BLOCK} columns) into separate
 * row arrays and accumulates one row of C at a time in a scratch row, four rows of the panel per pass:
 * {@code acc[j] = acc[j] + a0·b0[j] + a1·b1[j] + a2·b2[j] + a3·b3[j]}. Every array in that loop is indexed by the
 * same {@code j}, which is what HotSpot C2 (17) needs to vectorize it — a loop over {@code c[off + j]} and
 * {@code b[off2 + j]} stays scalar, because C2 cannot prove the two ranges apart (measured: 5 against 40–60
 * GFLOP/s on one core); with eight panel rows per pass C2 gives up too. Packing also makes the transposed operands
 * free: the panel is read in whichever layout B has. Narrow outputs (few columns, many rows) are computed as
 * {@code Cᵀ = op(B)ᵀ·op(A)ᵀ}, whose rows are long, and transposed back.
 *
 * <p>Each element of C sums its K products in ascending order, starting from zero, whatever the blocking, the path
 * or the tiling across threads, so results are bitwise identical for any thread count (and to the plain triple
 * loop with a float accumulator).
 */
public final class MatMul {
    private static final int K_BLOCK = 64;
    private static final int N_BLOCK = 512;
    private static final int M_TILE = 64;
    /** Below this many multiply-adds a single thread is faster than forking. */
    private static final long PARALLEL_WORK = 1L << 18;
    /** Outputs narrower than this are computed transposed when that gives longer rows. */
    private static final int NARROW = 96;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Per-thread packing buffers, grown on demand and reused, so steady-state multiplies allocate nothing. */
    private static final class Scratch {
        float[][] panel = new float[0][];
        float[] acc = new float[0];
        float[] transposed = new float[0];

        float[][] panel(int width) {
            if (panel.length < K_BLOCK || panel[0].length < width) {
                panel = new float[K_BLOCK][Math.max(width, panel.length == 0 ? 0 : panel[0].length)];
                acc = new float[panel[0].length];
            }
            return panel;
        }
    }

    private MatMul() {
    }

    /**
     * Overwrites {@code c[cOff .. cOff+m*n)} with {@code A[m,k]·B[k,n]} where A starts at {@code aOff} and B at
     * {@code bOff}, all row-major and contiguous.
     */
    public static void multiply(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n) {
        multiply(a, aOff, false, b, bOff, false, c, cOff, m, k, n);
    }

    /**
     * Overwrites {@code c[cOff .. cOff+m*n)} with {@code op(A)·op(B)}, op(A) being [m,k] and op(B) [k,n]. With
     * {@code transposeA} A is stored as its transpose [k,m]; with {@code transposeB} B is stored as [n,k]. Only
     * {@code c} is modified.
     */
    public static void multiply(float[] a, int aOff, boolean transposeA, float[] b, int bOff, boolean transposeB,
                                float[] c, int cOff, int m, int k, int n) {
        if (m > 0 && n > 0 && k > 0) {
            Gemm backend = Gemms.active();
            if (backend != null && backend.multiply(a, aOff, transposeA, b, bOff, transposeB, c, cOff, m, k, n)) {
                return;
            }
        }
        multiplyJava(a, aOff, transposeA, b, bOff, transposeB, c, cOff, m, k, n);
    }

    /**
     * The built-in kernel behind {@link #multiply(float[], int, boolean, float[], int, boolean, float[], int, int,
     * int, int)}, whatever {@link Gemms} chose: bitwise the naive float triple loop.
     */
    public static void multiplyJava(float[] a, int aOff, boolean transposeA, float[] b, int bOff, boolean transposeB,
                                    float[] c, int cOff, int m, int k, int n) {
        java.util.Arrays.fill(c, cOff, cOff + m * n, 0f);
        if (m == 0 || n == 0 || k == 0) {
            return;
        }
        if (n < NARROW && m >= 2 * n) {
            // Cᵀ = op(B)ᵀ·op(A)ᵀ has n rows of length m: long rows vectorize, short ones do not.
            Scratch s = SCRATCH.get();
            if (s.transposed.length < m * n) {
                s.transposed = new float[m * n];
            }
            float[] t = s.transposed;
            s.transposed = new float[0]; // a nested call on this thread must not reuse t
            try {
                multiplyJava(b, bOff, !transposeB, a, aOff, !transposeA, t, 0, n, k, m);
                for (int j = 0; j < n; j++) {
                    int tj = j * m;
                    for (int i = 0; i < m; i++) {
                        c[cOff + i * n + j] = t[tj + i];
                    }
                }
            } finally {
                s.transposed = t;
            }
            return;
        }
        int nTiles = (n + N_BLOCK - 1) / N_BLOCK;
        int rows = M_TILE;
        boolean parallel = (long) m * n * k >= PARALLEL_WORK && Parallelism.threads() > 1;
        if (parallel && ((m + M_TILE - 1) / M_TILE) * nTiles < 2 * Parallelism.threads()) {
            // Few tiles (e.g. a small batch): split rows more finely so every thread has work.
            rows = Math.max(4, (m / (2 * Parallelism.threads()) + 3) & ~3);
        }
        int rowBlock = rows;
        int parts = (m + rowBlock - 1) / rowBlock;
        int tasks = parts * nTiles;
        if (!parallel) {
            for (int t = 0; t < tasks; t++) {
                int p = t / nTiles;
                tileF(a, aOff, transposeA, b, bOff, transposeB, c, cOff, m, k, n,
                        p * rowBlock, Math.min(m, (p + 1) * rowBlock), t % nTiles);
            }
            return;
        }
        Parallelism.forEach(tasks, t -> {
            int p = t / nTiles;
            tileF(a, aOff, transposeA, b, bOff, transposeB, c, cOff, m, k, n,
                    p * rowBlock, Math.min(m, (p + 1) * rowBlock), t % nTiles);
        });
    }

    /** Rows [i0, i1) of C, columns of tile {@code nTile}: packs each K block of op(B) and sweeps the rows over it. */
    private static void tileF(float[] a, int aOff, boolean ta, float[] b, int bOff, boolean tb, float[] c, int cOff,
                              int m, int k, int n, int i0, int i1, int nTile) {
        int j0 = nTile * N_BLOCK;
        int w = Math.min(n, j0 + N_BLOCK) - j0;
        Scratch s = SCRATCH.get();
        float[][] panel = s.panel(w);
        float[] acc = s.acc;
        for (int k0 = 0; k0 < k; k0 += K_BLOCK) {
            int kb = Math.min(k, k0 + K_BLOCK) - k0;
            if (tb) {
                for (int j = 0; j < w; j++) {
                    int src = bOff + (j0 + j) * k + k0;
                    for (int p = 0; p < kb; p++) {
                        panel[p][j] = b[src + p];
                    }
                }
            } else {
                for (int p = 0; p < kb; p++) {
                    System.arraycopy(b, bOff + (k0 + p) * n + j0, panel[p], 0, w);
                }
            }
            // where A's element (i, p) lives: aOff + i*rowStride + p*colStride
            int rowStride = ta ? 1 : k;
            int colStride = ta ? m : 1;
            for (int i = i0; i < i1; i++) {
                int ci = cOff + i * n + j0;
                if (k0 == 0) {
                    java.util.Arrays.fill(acc, 0, w, 0f);
                } else {
                    System.arraycopy(c, ci, acc, 0, w);
                }
                int ai = aOff + i * rowStride + k0 * colStride;
                int p = 0;
                for (; p + 3 < kb; p += 4) {
                    int q = ai + p * colStride;
                    axpy4(acc, w, panel[p], panel[p + 1], panel[p + 2], panel[p + 3],
                            a[q], a[q + colStride], a[q + 2 * colStride], a[q + 3 * colStride]);
                }
                int q = ai + p * colStride;
                switch (kb - p) {
                    case 3 -> axpy3(acc, w, panel[p], panel[p + 1], panel[p + 2],
                            a[q], a[q + colStride], a[q + 2 * colStride]);
                    case 2 -> axpy2(acc, w, panel[p], panel[p + 1], a[q], a[q + colStride]);
                    case 1 -> axpy1(acc, w, panel[p], a[q]);
                    default -> { }
                }
                System.arraycopy(acc, 0, c, ci, w);
            }
        }
    }

    private static void axpy4(float[] acc, int w, float[] b0, float[] b1, float[] b2, float[] b3,
                              float x0, float x1, float x2, float x3) {
        for (int j = 0; j < w; j++) {
            acc[j] = acc[j] + x0 * b0[j] + x1 * b1[j] + x2 * b2[j] + x3 * b3[j];
        }
    }

    private static void axpy3(float[] acc, int w, float[] b0, float[] b1, float[] b2, float x0, float x1, float x2) {
        for (int j = 0; j < w; j++) {
            acc[j] = acc[j] + x0 * b0[j] + x1 * b1[j] + x2 * b2[j];
        }
    }

    private static void axpy2(float[] acc, int w, float[] b0, float[] b1, float x0, float x1) {
        for (int j = 0; j < w; j++) {
            acc[j] = acc[j] + x0 * b0[j] + x1 * b1[j];
        }
    }

    private static void axpy1(float[] acc, int w, float[] b0, float x0) {
        for (int j = 0; j < w; j++) {
            acc[j] = acc[j] + x0 * b0[j];
        }
    }

    /** The double-precision twin of {@link #multiply(float[], int, float[], int, float[], int, int, int, int)}. */
    public static void multiply(double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, int m, int k,
                                int n) {
        java.util.Arrays.fill(c, cOff, cOff + m * n, 0.0);
        if (m == 0 || n == 0 || k == 0) {
            return;
        }
        int mTiles = (m + M_TILE - 1) / M_TILE;
        int nTiles = (n + N_BLOCK - 1) / N_BLOCK;
        int tasks = mTiles * nTiles;
        if ((long) m * n * k < PARALLEL_WORK) {
            for (int t = 0; t < tasks; t++) {
                int mt = t / nTiles;
                rowsD(a, aOff, b, bOff, c, cOff, k, n, mt * M_TILE, Math.min(m, (mt + 1) * M_TILE), t % nTiles);
            }
            return;
        }
        int rows = tasks < 2 * Parallelism.threads() ? Math.max(4, (m / (2 * Parallelism.threads()) + 3) & ~3) : M_TILE;
        int parts = (m + rows - 1) / rows;
        Parallelism.forEach(parts * nTiles, t -> {
            int p = t / nTiles;
            rowsD(a, aOff, b, bOff, c, cOff, k, n, p * rows, Math.min(m, (p + 1) * rows), t % nTiles);
        });
    }

    /**
     * The double-precision twin of the transposing multiply. F64 is the precision of gradchecks, not of training, so
     * it transposes stored-transposed operands into temporaries and runs the plain kernel.
     */
    public static void multiply(double[] a, int aOff, boolean transposeA, double[] b, int bOff, boolean transposeB,
                                double[] c, int cOff, int m, int k, int n) {
        double[] aa = a;
        int ao = aOff;
        if (transposeA) {
            aa = transposed(a, aOff, k, m);
            ao = 0;
        }
        double[] bb = b;
        int bo = bOff;
        if (transposeB) {
            bb = transposed(b, bOff, n, k);
            bo = 0;
        }
        multiply(aa, ao, bb, bo, c, cOff, m, k, n);
    }

    private static double[] transposed(double[] x, int off, int rows, int cols) {
        double[] t = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int q = 0; q < cols; q++) {
                t[q * rows + r] = x[off + r * cols + q];
            }
        }
        return t;
    }

    private static void rowsD(double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, int k, int n,
                              int i0, int i1, int nTile) {
        int j0 = nTile * N_BLOCK;
        int j1 = Math.min(n, j0 + N_BLOCK);
        for (int k0 = 0; k0 < k; k0 += K_BLOCK) {
            int k1 = Math.min(k, k0 + K_BLOCK);
            int i = i0;
            for (; i + 1 < i1; i += 2) {
                int c0 = cOff + i * n;
                int c1 = c0 + n;
                int a0 = aOff + i * k;
                for (int p = k0; p < k1; p++) {
                    double x0 = a[a0 + p];
                    double x1 = a[a0 + k + p];
                    int br = bOff + p * n;
                    for (int j = j0; j < j1; j++) {
                        double bv = b[br + j];
                        c[c0 + j] += x0 * bv;
                        c[c1 + j] += x1 * bv;
                    }
                }
            }
            for (; i < i1; i++) {
                int c0 = cOff + i * n;
                int a0 = aOff + i * k;
                for (int p = k0; p < k1; p++) {
                    double x0 = a[a0 + p];
                    int br = bOff + p * n;
                    for (int j = j0; j < j1; j++) {
                        c[c0 + j] += x0 * b[br + j];
                    }
                }
            }
        }
    }
}
