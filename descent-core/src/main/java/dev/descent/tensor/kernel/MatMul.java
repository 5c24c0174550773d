package dev.descent.tensor.kernel;

/**
 * Row-major matrix multiply {@code C = A·B} on primitive arrays, cache-blocked and multi-threaded.
 *
 * <p>The inner loop is an axpy over a row of B ({@code c[i, j..] += a[i,k] * b[k, j..]}) that the JIT
 * vectorizes; four rows of C are updated per pass so each loaded piece of B is used four times. The K dimension
 * is walked in blocks that keep a panel of B in cache, and C is split into tiles across threads. Each element of C
 * sums its K terms in ascending order whatever the tiling, so results do not depend on the thread count.
 */
public final class MatMul {
    private static final int K_BLOCK = 256;
    private static final int N_BLOCK = 1024;
    private static final int M_TILE = 64;
    /** Below this many multiply-adds a single thread is faster than forking. */
    private static final long PARALLEL_WORK = 1L << 18;

    private MatMul() {
    }

    /**
     * Overwrites {@code c[cOff .. cOff+m*n)} with {@code A[m,k]·B[k,n]} where A starts at {@code aOff} and B at
     * {@code bOff}, all row-major and contiguous.
     */
    public static void multiply(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n) {
        java.util.Arrays.fill(c, cOff, cOff + m * n, 0f);
        if (m == 0 || n == 0 || k == 0) {
            return;
        }
        int mTiles = (m + M_TILE - 1) / M_TILE;
        int nTiles = (n + N_BLOCK - 1) / N_BLOCK;
        int tasks = mTiles * nTiles;
        if ((long) m * n * k < PARALLEL_WORK || tasks == 1 && m < 8) {
            for (int t = 0; t < tasks; t++) {
                tileF(a, aOff, b, bOff, c, cOff, m, k, n, t / nTiles, t % nTiles);
            }
            return;
        }
        if (tasks < 2 * Parallelism.threads() && m >= 8) {
            // Few tiles (e.g. a small batch): split rows more finely so every thread has work.
            int rows = Math.max(4, (m / (2 * Parallelism.threads()) + 3) & ~3);
            int parts = (m + rows - 1) / rows;
            Parallelism.forEach(parts * nTiles, t -> {
                int p = t / nTiles;
                rowsF(a, aOff, b, bOff, c, cOff, k, n, p * rows, Math.min(m, (p + 1) * rows), t % nTiles);
            });
            return;
        }
        Parallelism.forEach(tasks, t -> tileF(a, aOff, b, bOff, c, cOff, m, k, n, t / nTiles, t % nTiles));
    }

    private static void tileF(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n,
                              int mTile, int nTile) {
        rowsF(a, aOff, b, bOff, c, cOff, k, n, mTile * M_TILE, Math.min(m, (mTile + 1) * M_TILE), nTile);
    }

    private static void rowsF(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int k, int n,
                              int i0, int i1, int nTile) {
        int j0 = nTile * N_BLOCK;
        int j1 = Math.min(n, j0 + N_BLOCK);
        for (int k0 = 0; k0 < k; k0 += K_BLOCK) {
            int k1 = Math.min(k, k0 + K_BLOCK);
            int i = i0;
            for (; i + 3 < i1; i += 4) {
                int c0 = cOff + i * n;
                int c1 = c0 + n;
                int c2 = c1 + n;
                int c3 = c2 + n;
                int a0 = aOff + i * k;
                for (int p = k0; p < k1; p++) {
                    float x0 = a[a0 + p];
                    float x1 = a[a0 + k + p];
                    float x2 = a[a0 + 2 * k + p];
                    float x3 = a[a0 + 3 * k + p];
                    int br = bOff + p * n;
                    for (int j = j0; j < j1; j++) {
                        float bv = b[br + j];
                        c[c0 + j] += x0 * bv;
                        c[c1 + j] += x1 * bv;
                        c[c2 + j] += x2 * bv;
                        c[c3 + j] += x3 * bv;
                    }
                }
            }
            for (; i < i1; i++) {
                int c0 = cOff + i * n;
                int a0 = aOff + i * k;
                for (int p = k0; p < k1; p++) {
                    float x0 = a[a0 + p];
                    int br = bOff + p * n;
                    for (int j = j0; j < j1; j++) {
                        c[c0 + j] += x0 * b[br + j];
                    }
                }
            }
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
