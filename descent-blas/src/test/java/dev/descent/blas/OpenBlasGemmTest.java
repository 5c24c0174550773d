package dev.descent.blas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.tensor.Rng;
import dev.descent.tensor.kernel.Gemm;
import dev.descent.tensor.kernel.Gemms;
import dev.descent.tensor.kernel.MatMul;
import dev.descent.tensor.kernel.Parallelism;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * OpenBLAS's product against a naive double-accumulated loop and the Java kernel ({@link MatMul#multiplyJava}), for
 * every transpose combination, at offsets inside larger arrays, on odd and edge sizes; and its determinism per thread
 * count. Skipped where the natives do not load.
 */
class OpenBlasGemmTest {
    private static final int A_OFF = 5;
    private static final int B_OFF = 3;
    private static final int C_OFF = 7;
    private static final float SENTINEL = -12345f;

    /** The backend as Descent uses it, declining small products. */
    private Gemm gemm;
    /** The same, taking every product, so that tiny and odd shapes reach OpenBLAS too. */
    private Gemm everyProduct;
    private int threads;

    @BeforeEach
    void load() {
        threads = Parallelism.threads();
        gemm = OpenBlasGemm.instance().orElse(null);
        assumeTrue(gemm != null, "OpenBLAS natives do not load on this platform");
        everyProduct = new OpenBlasGemm(0);
    }

    @AfterEach
    void restoreThreads() {
        Parallelism.setThreads(threads);
    }

    static Stream<Arguments> cases() {
        int[][] shapes = {{1, 1, 1}, {1, 784, 30}, {3, 1, 5}, {4, 4, 4}, {5, 7, 3}, {13, 1, 9}, {7, 131, 1},
            {33, 65, 17}, {64, 300, 129}, {10, 784, 30}, {130, 257, 67}, {67, 300, 201}};
        Stream.Builder<Arguments> all = Stream.builder();
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                all.add(Arguments.of(s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0));
            }
        }
        return all.build();
    }

    /** With 1 thread every product is one call; with 3 the large ones are cut into uneven slabs of rows or columns. */
    @ParameterizedTest(name = "{0}x{1}x{2} transposeA={3} transposeB={4}")
    @MethodSource("cases")
    void matchesNaiveLoopAndJavaKernelAtOffsets(int m, int k, int n, boolean transposeA, boolean transposeB) {
        for (int t : new int[] {1, 3}) {
            Parallelism.setThreads(t);
            checkAgainstNaiveLoopAndJavaKernel(m, k, n, transposeA, transposeB);
        }
    }

    private void checkAgainstNaiveLoopAndJavaKernel(int m, int k, int n, boolean transposeA, boolean transposeB) {
        Rng rng = Rng.of(m * 1_000_003L + k * 1009L + n + (transposeA ? 17 : 0) + (transposeB ? 31 : 0));
        float[] a = random(rng, A_OFF + m * k + 2);
        float[] b = random(rng, B_OFF + k * n + 4);
        float[] aBefore = a.clone();
        float[] bBefore = b.clone();
        float[] c = new float[C_OFF + m * n + 6];
        Arrays.fill(c, SENTINEL);

        assertTrue(everyProduct.multiply(a, A_OFF, transposeA, b, B_OFF, transposeB, c, C_OFF, m, k, n), "declined");
        float[] java = new float[c.length];
        MatMul.multiplyJava(a, A_OFF, transposeA, b, B_OFF, transposeB, java, C_OFF, m, k, n);

        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double exact = 0;
                double magnitude = 0;
                for (int p = 0; p < k; p++) {
                    double x = a[A_OFF + (transposeA ? p * m + i : i * k + p)];
                    double y = b[B_OFF + (transposeB ? j * k + p : p * n + j)];
                    exact += x * y;
                    magnitude += Math.abs(x * y);
                }
                // F32 summation of k products: |error| <= k·2^-24·Σ|x·y| (with room for any summation order)
                double tolerance = 2 * k * 0x1p-24 * magnitude + 1e-30;
                int at = C_OFF + i * n + j;
                assertEquals(exact, c[at], tolerance, () -> "c[" + at + "]");
                // both within the bound of the exact sum, so within twice it of each other
                assertEquals(java[at], c[at], 2 * tolerance, () -> "c[" + at + "] against the Java kernel");
            }
        }
        for (int q = 0; q < C_OFF; q++) {
            assertEquals(SENTINEL, c[q], "c before cOff was written");
        }
        for (int q = C_OFF + m * n; q < c.length; q++) {
            assertEquals(SENTINEL, c[q], "c after the product was written");
        }
        assertArrayEquals(aBefore, a, "a was modified");
        assertArrayEquals(bBefore, b, "b was modified");
    }

    @Test
    void emptyProductsAndSingleRowsThroughMatMulMatchTheJavaKernel() {
        String before = Gemms.activeName();
        Gemms.use(OpenBlasGemmProvider.NAME);
        try {
            // k = 0: MatMul zeroes C without asking the backend
            float[] c = {SENTINEL, SENTINEL, SENTINEL, SENTINEL, SENTINEL, SENTINEL};
            MatMul.multiply(new float[0], 0, false, new float[0], 0, false, c, 0, 2, 0, 3);
            assertArrayEquals(new float[6], c);
            // m = 1 (a single sample) and n = 1 (a single output), above the size where the backend takes them
            Rng rng = Rng.of(3);
            int[][] shapes = {{1, 784, 128}, {1, 2000, 300}, {300, 2000, 1}, {256, 1, 256}};
            for (int[] s : shapes) {
                for (int t = 0; t < 4; t++) {
                    boolean ta = (t & 1) != 0;
                    boolean tb = (t & 2) != 0;
                    float[] a = random(rng, s[0] * s[1]);
                    float[] b = random(rng, s[1] * s[2]);
                    float[] viaMatMul = new float[s[0] * s[2]];
                    float[] java = new float[s[0] * s[2]];
                    MatMul.multiply(a, 0, ta, b, 0, tb, viaMatMul, 0, s[0], s[1], s[2]);
                    MatMul.multiplyJava(a, 0, ta, b, 0, tb, java, 0, s[0], s[1], s[2]);
                    for (int i = 0; i < java.length; i++) {
                        // |x·y| <= 1 per term: the F32 bound k·2^-24·k, doubled for two summation orders
                        assertEquals(java[i], viaMatMul[i], 2.0 * s[1] * s[1] * 0x1p-24, Arrays.toString(s) + " t=" + t);
                    }
                }
            }
        } finally {
            Gemms.use(before);
        }
    }

    @Test
    void sameOperandsGiveSameBitsForEachThreadCount() {
        // big enough to be split into slabs, one per thread
        int m = 150;
        int k = 301;
        int n = 170;
        Rng rng = Rng.of(42);
        float[] a = random(rng, m * k);
        float[] b = random(rng, k * n);
        for (int t : new int[] {1, 2}) {
            Parallelism.setThreads(t);
            float[] first = new float[m * n];
            float[] second = new float[m * n];
            assertTrue(gemm.multiply(a, 0, false, b, 0, true, first, 0, m, k, n));
            assertTrue(gemm.multiply(a, 0, false, b, 0, true, second, 0, m, k, n));
            assertArrayEquals(bits(first), bits(second), "threads=" + t);
        }
    }

    @Test
    void declinesProductsTooSmallToPayForTheCall() {
        float[] c = {SENTINEL};
        assertFalse(gemm.multiply(new float[] {2}, 0, false, new float[] {3}, 0, false, c, 0, 1, 1, 1));
        assertEquals(SENTINEL, c[0], "a declined product must leave c alone");
        // a few rows against an untransposed B: OpenBLAS's matrix-vector path is slower than the Java kernel
        float[] row = new float[3 * 784 * 30];
        assertFalse(gemm.multiply(new float[3 * 784], 0, false, new float[784 * 30], 0, false, row, 0, 3, 784, 30));
    }

    private static float[] random(Rng rng, int count) {
        float[] x = new float[count];
        for (int i = 0; i < count; i++) {
            x[i] = (float) rng.uniform(-1, 1);
        }
        return x;
    }

    private static int[] bits(float[] x) {
        int[] out = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = Float.floatToRawIntBits(x[i]);
        }
        return out;
    }
}
