package dev.descent.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.tensor.Rng;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Vector API kernel against a double-accumulated triple loop and against the Java kernel, in every transpose
 * combination and with offsets, on random small shapes and on shapes that cut tiles at every edge, cross the K, M
 * and N cache blocks and take the parallel path; bitwise independence from the thread count; and the provider's
 * refusal to run without the incubating module. Skipped when the JVM was not started with
 * {@code --add-modules jdk.incubator.vector} (or has vectors narrower than 256 bits).
 */
class VectorGemmTest {
    private Gemm gemm;

    @BeforeEach
    void kernel() {
        Optional<Gemm> g = new VectorGemmProvider().create();
        assumeTrue(g.isPresent(), "jdk.incubator.vector not in the boot layer, or vectors narrower than 256 bits");
        gemm = g.get();
    }

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(1, 1, 1), Arguments.of(1, 7, 17), Arguments.of(7, 1, 33), Arguments.of(17, 33, 7),
                Arguments.of(33, 17, 100), Arguments.of(100, 100, 1), Arguments.of(7, 100, 33),
                Arguments.of(16, 32, 64), Arguments.of(8, 300, 32),
                // parallel, deeper than a K block, taller than an M block
                Arguments.of(150, 600, 70), Arguments.of(301, 257, 65),
                // wider than an N block
                Arguments.of(9, 40, 1100), Arguments.of(100, 530, 1041));
    }

    private static float[] random(Rng rng, int count) {
        float[] x = new float[count];
        for (int i = 0; i < count; i++) {
            x[i] = (float) rng.uniform(-1, 1);
        }
        return x;
    }

    private static double reference(float[] a, int aOff, boolean ta, float[] b, int bOff, boolean tb, int m, int k,
                                    int n, int i, int j) {
        double s = 0;
        for (int p = 0; p < k; p++) {
            s += (double) a[aOff + (ta ? p * m + i : i * k + p)] * b[bOff + (tb ? j * k + p : p * n + j)];
        }
        return s;
    }

    @ParameterizedTest(name = "{0}x{1}x{2}")
    @MethodSource("shapes")
    void everyTransposeMatchesTheNaiveLoop(int m, int k, int n) {
        Rng rng = Rng.of(m * 1_000_003L + k * 1009L + n);
        float[] a = random(rng, m * k);
        float[] b = random(rng, k * n);
        for (int variant = 0; variant < 4; variant++) {
            boolean ta = (variant & 1) != 0;
            boolean tb = (variant & 2) != 0;
            float[] c = new float[m * n];
            java.util.Arrays.fill(c, Float.NaN); // the kernel must overwrite, not accumulate
            assertTrue(gemm.multiply(a, 0, ta, b, 0, tb, c, 0, m, k, n));
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double expected = reference(a, 0, ta, b, 0, tb, m, k, n, i, j);
                    // F32 accumulation of k terms of size ≤ 1: the error grows like k·2^-24
                    assertEquals(expected, c[i * n + j], 1e-6 * (k + 1),
                            "c[" + i + "][" + j + "] transposeA=" + ta + " transposeB=" + tb);
                }
            }
        }
    }

    /** Sums over k terms of size ≤ 1 in F32, in two different orders: each is within about k·2^-24 of exact. */
    private void assertMatchesJavaKernel(float[] a, int aOff, boolean ta, float[] b, int bOff, boolean tb,
                                                int cOff, int m, int k, int n, String label) {
        float[] expected = new float[cOff + m * n + 3];
        float[] actual = new float[expected.length];
        java.util.Arrays.fill(expected, -7f);
        java.util.Arrays.fill(actual, -7f);
        MatMul.multiplyJava(a, aOff, ta, b, bOff, tb, expected, cOff, m, k, n);
        assertTrue(gemm.multiply(a, aOff, ta, b, bOff, tb, actual, cOff, m, k, n));
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 2e-6 * (k + 1), label + " at flat index " + i);
        }
    }

    @Test
    void randomSmallShapesMatchTheJavaKernel() {
        Rng rng = Rng.of(2026);
        for (int trial = 0; trial < 300; trial++) {
            int m = 1 + (int) (rng.uniform(0, 1) * 70);
            int k = 1 + (int) (rng.uniform(0, 1) * 70);
            int n = 1 + (int) (rng.uniform(0, 1) * 70);
            boolean ta = rng.uniform(0, 1) < 0.5;
            boolean tb = rng.uniform(0, 1) < 0.5;
            int aOff = (int) (rng.uniform(0, 1) * 5);
            int bOff = (int) (rng.uniform(0, 1) * 5);
            int cOff = (int) (rng.uniform(0, 1) * 5);
            float[] a = random(rng, aOff + m * k + 2);
            float[] b = random(rng, bOff + k * n + 2);
            assertMatchesJavaKernel(a, aOff, ta, b, bOff, tb, cOff, m, k, n,
                    m + "x" + k + "x" + n + " tA=" + ta + " tB=" + tb + " offsets " + aOff + "," + bOff + "," + cOff);
        }
    }

    @ParameterizedTest(name = "{0}x{1}x{2}")
    @MethodSource("largeShapes")
    void largeShapesMatchTheJavaKernel(int m, int k, int n) {
        Rng rng = Rng.of(m + 31L * k + 977L * n);
        float[] a = random(rng, 1 + m * k);
        float[] b = random(rng, 2 + k * n);
        for (int variant = 0; variant < 4; variant++) {
            boolean ta = (variant & 1) != 0;
            boolean tb = (variant & 2) != 0;
            assertMatchesJavaKernel(a, 1, ta, b, 2, tb, 3, m, k, n, "transposeA=" + ta + " transposeB=" + tb);
        }
    }

    static Stream<Arguments> largeShapes() {
        // several K blocks, M blocks and thread parts; the last one is wider than an N panel
        return Stream.of(Arguments.of(256, 1100, 300), Arguments.of(517, 531, 259), Arguments.of(70, 600, 2100));
    }

    /** Each element of C as the kernels compute it: one float fused multiply-add chain over K, from zero. */
    private static float fmaChain(float[] a, int aOff, boolean ta, float[] b, int bOff, boolean tb, int m, int k,
                                  int n, int i, int j) {
        float s = 0f;
        for (int p = 0; p < k; p++) {
            s = Math.fma(a[aOff + (ta ? p * m + i : i * k + p)], b[bOff + (tb ? j * k + p : p * n + j)], s);
        }
        return s;
    }

    @Test
    void smallAndPackedPathsGiveTheFmaChainsBitsExactly() {
        Rng rng = Rng.of(77);
        int[][] shapes = {{10, 784, 30}, {784, 10, 30}, {10, 30, 784}, {128, 512, 10}, {1, 1, 1}, {3, 5, 17},
            {5, 3, 33}, {9, 40, 65}, {4, 7, 16}, {17, 19, 100}, {64, 128, 10}};
        for (int[] shape : shapes) {
            int m = shape[0];
            int k = shape[1];
            int n = shape[2];
            float[] a = random(rng, 1 + m * k);
            float[] b = random(rng, 2 + k * n);
            for (int variant = 0; variant < 4; variant++) {
                boolean ta = (variant & 1) != 0;
                boolean tb = (variant & 2) != 0;
                float[] small = new float[3 + m * n];
                float[] packed = new float[3 + m * n];
                java.util.Arrays.fill(small, Float.NaN);
                java.util.Arrays.fill(packed, Float.NaN);
                VectorGemmSmall.multiply(a, 1, ta, b, 2, tb, small, 3, m, k, n);
                VectorGemm.multiplyPacked(a, 1, ta, b, 2, tb, packed, 3, m, k, n);
                String label = m + "x" + k + "x" + n + " transposeA=" + ta + " transposeB=" + tb;
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        int at = 3 + i * n + j;
                        float expected = fmaChain(a, 1, ta, b, 2, tb, m, k, n, i, j);
                        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(small[at]),
                                label + " small path at " + i + "," + j);
                        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(packed[at]),
                                label + " packed path at " + i + "," + j);
                    }
                }
                for (int at = 0; at < 3; at++) {
                    assertTrue(Float.isNaN(small[at]), label + ": the small path wrote before C");
                }
            }
        }
    }

    @Test
    void isOfferedToTheDispatcher() {
        assertTrue(Gemms.available().contains("vector"), Gemms.available().toString());
    }

    @Test
    void offsetsReadAndWriteOnlyTheirRegion() {
        Rng rng = Rng.of(11);
        int m = 37;
        int k = 290;
        int n = 45;
        float[] a = random(rng, 3 + m * k + 5);
        float[] b = random(rng, 11 + k * n + 2);
        for (int variant = 0; variant < 4; variant++) {
            boolean ta = (variant & 1) != 0;
            boolean tb = (variant & 2) != 0;
            float[] c = new float[7 + m * n + 9];
            java.util.Arrays.fill(c, 42f);
            assertTrue(gemm.multiply(a, 3, ta, b, 11, tb, c, 7, m, k, n));
            for (int i = 0; i < 7; i++) {
                assertEquals(42f, c[i]);
            }
            for (int i = 7 + m * n; i < c.length; i++) {
                assertEquals(42f, c[i]);
            }
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    assertEquals(reference(a, 3, ta, b, 11, tb, m, k, n, i, j), c[7 + i * n + j], 1e-6 * (k + 1));
                }
            }
        }
    }

    @Test
    void resultsAreBitwiseIndependentOfThreadCount() {
        int saved = Parallelism.threads();
        try {
            for (int[] s : new int[][] {{64, 784, 128}, {784, 64, 128}, {128, 784, 512}, {300, 70, 1100},
                                        {10, 784, 30}, {513, 300, 40},
                                        {300, 520, 450}}) { // the last one shares packed panels of B across threads
                Rng rng = Rng.of(s[0] * 3L + s[1] + s[2]);
                float[] a = random(rng, s[0] * s[1]);
                float[] b = random(rng, s[1] * s[2]);
                for (int variant = 0; variant < 4; variant++) {
                    boolean ta = (variant & 1) != 0;
                    boolean tb = (variant & 2) != 0;
                    float[][] c = new float[3][s[0] * s[2]];
                    for (int t = 0; t < 3; t++) {
                        Parallelism.setThreads(t + 1);
                        gemm.multiply(a, 0, ta, b, 0, tb, c[t], 0, s[0], s[1], s[2]);
                    }
                    assertArrayEquals(c[0], c[1], "2 threads");
                    assertArrayEquals(c[0], c[2], "3 threads");
                }
            }
        } finally {
            Parallelism.setThreads(saved);
        }
    }

    @Test
    void providerIsEmptyWithoutTheModule() {
        assertTrue(VectorGemmProvider.create(false).isEmpty());
        assertEquals("vector", new VectorGemmProvider().name());
        assertEquals("vector", gemm.name());
    }
}
