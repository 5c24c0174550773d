package dev.descent.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.tensor.Rng;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kernel against a naive triple loop, on shapes that hit every path: tiny (serial), not multiples of the
 * unroll, wider than a column block, deeper than a K block, and big enough to fork; and bitwise independence
 * from the thread count.
 */
class MatMulTest {

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(1, 1, 1), Arguments.of(3, 5, 7), Arguments.of(4, 4, 4), Arguments.of(5, 1, 9),
                Arguments.of(7, 13, 1), Arguments.of(1, 300, 1100), Arguments.of(6, 257, 33),
                Arguments.of(9, 300, 130), Arguments.of(64, 300, 1100), Arguments.of(67, 301, 1031),
                Arguments.of(130, 70, 50), Arguments.of(200, 3, 2100), Arguments.of(0, 3, 4), Arguments.of(3, 0, 4));
    }

    private static float[] randomF(Rng rng, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rng.uniform(-1, 1);
        }
        return x;
    }

    private static double[] randomD(Rng rng, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.uniform(-1, 1);
        }
        return x;
    }

    @ParameterizedTest(name = "{0}x{1}x{2}")
    @MethodSource("shapes")
    void floatMatchesNaiveLoop(int m, int k, int n) {
        Rng rng = Rng.of(m * 1_000_003L + k * 1009L + n);
        float[] a = randomF(rng, m * k);
        float[] b = randomF(rng, k * n);
        float[] c = new float[m * n];
        java.util.Arrays.fill(c, Float.NaN); // the kernel must overwrite, not accumulate
        MatMul.multiply(a, 0, b, 0, c, 0, m, k, n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (double) a[i * k + p] * b[p * n + j];
                }
                // F32 accumulation of k terms of size ≤ 1: error grows like k·2^-24.
                assertEquals(s, c[i * n + j], 1e-6 * (k + 1), () -> "c[" + m + "x" + n + "]");
            }
        }
    }

    @ParameterizedTest(name = "{0}x{1}x{2}")
    @MethodSource("shapes")
    void doubleMatchesNaiveLoop(int m, int k, int n) {
        Rng rng = Rng.of(m * 7919L + k * 31L + n);
        double[] a = randomD(rng, m * k);
        double[] b = randomD(rng, k * n);
        double[] c = new double[m * n];
        java.util.Arrays.fill(c, Double.NaN);
        MatMul.multiply(a, 0, b, 0, c, 0, m, k, n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[i * k + p] * b[p * n + j];
                }
                assertEquals(s, c[i * n + j], 1e-12 * (k + 1));
            }
        }
    }

    @Test
    void offsetsReadAndWriteOnlyTheirRegion() {
        Rng rng = Rng.of(5);
        int m = 5;
        int k = 6;
        int n = 7;
        float[] a = randomF(rng, 3 + m * k);
        float[] b = randomF(rng, 11 + k * n);
        float[] c = new float[2 + m * n + 4];
        java.util.Arrays.fill(c, 42f);
        MatMul.multiply(a, 3, b, 11, c, 2, m, k, n);
        assertEquals(42f, c[0]);
        assertEquals(42f, c[1]);
        for (int i = 2 + m * n; i < c.length; i++) {
            assertEquals(42f, c[i]);
        }
        float expected = 0;
        for (int p = 0; p < k; p++) {
            expected += a[3 + p] * b[11 + p * n];
        }
        assertEquals(expected, c[2], 1e-5f);
    }

    @Test
    void resultsAreBitwiseIndependentOfThreadCount() {
        int saved = Parallelism.threads();
        try {
            for (int[] s : new int[][] {{64, 300, 1100}, {67, 301, 1031}, {9, 300, 130}, {513, 64, 40},
                                        {128, 784, 512}, {20, 500, 3000}}) {
                Rng rng = Rng.of(s[0] + s[1] + s[2]);
                float[] a = randomF(rng, s[0] * s[1]);
                float[] b = randomF(rng, s[1] * s[2]);
                double[] ad = randomD(rng, s[0] * s[1]);
                double[] bd = randomD(rng, s[1] * s[2]);
                float[][] f = new float[3][s[0] * s[2]];
                double[][] d = new double[3][s[0] * s[2]];
                int[] threads = {1, 2, 3};
                for (int t = 0; t < threads.length; t++) {
                    Parallelism.setThreads(threads[t]);
                    MatMul.multiply(a, 0, b, 0, f[t], 0, s[0], s[1], s[2]);
                    MatMul.multiply(ad, 0, bd, 0, d[t], 0, s[0], s[1], s[2]);
                }
                for (int t = 1; t < threads.length; t++) {
                    assertArrayEquals(f[0], f[t], "F32 with " + threads[t] + " threads");
                    assertArrayEquals(d[0], d[t], "F64 with " + threads[t] + " threads");
                }
            }
        } finally {
            Parallelism.setThreads(saved);
        }
    }

    /** op(A)·op(B) with a float accumulator in ascending k: the order the kernel promises on every path. */
    private static float[] naiveFloat(float[] a, boolean ta, float[] b, boolean tb, int m, int k, int n) {
        float[] c = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0f;
                for (int p = 0; p < k; p++) {
                    s += (ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]);
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }

    @ParameterizedTest(name = "{0}x{1}x{2}")
    @MethodSource("shapes")
    void transposedVariantsMatchTheFloatLoopBitwise(int m, int k, int n) {
        Rng rng = Rng.of(m * 31L + k * 17L + n);
        float[] a = randomF(rng, m * k);
        float[] b = randomF(rng, k * n);
        for (int variant = 0; variant < 4; variant++) {
            boolean ta = (variant & 1) != 0;
            boolean tb = (variant & 2) != 0;
            float[] c = new float[m * n];
            java.util.Arrays.fill(c, Float.NaN);
            // the Java kernel's bits; a backend (Gemms.active()) may round differently
            MatMul.multiplyJava(a, 0, ta, b, 0, tb, c, 0, m, k, n);
            assertArrayEquals(naiveFloat(a, ta, b, tb, m, k, n), c, "transposeA=" + ta + " transposeB=" + tb);
            double[] ad = new double[a.length];
            double[] bd = new double[b.length];
            for (int i = 0; i < a.length; i++) {
                ad[i] = a[i];
            }
            for (int i = 0; i < b.length; i++) {
                bd[i] = b[i];
            }
            double[] cd = new double[m * n];
            MatMul.multiply(ad, 0, ta, bd, 0, tb, cd, 0, m, k, n);
            float[] expected = naiveFloat(a, ta, b, tb, m, k, n);
            for (int i = 0; i < cd.length; i++) {
                assertEquals(expected[i], cd[i], 1e-5 * (k + 1), "F64 transposeA=" + ta + " transposeB=" + tb);
            }
        }
    }

    @Test
    void transposedVariantsAreBitwiseIndependentOfThreadCount() {
        int saved = Parallelism.threads();
        try {
            for (int[] s : new int[][] {{784, 64, 128}, {64, 128, 784}, {128, 784, 512}, {784, 10, 30}}) {
                Rng rng = Rng.of(s[0] * 3L + s[1] + s[2]);
                float[] a = randomF(rng, s[0] * s[1]);
                float[] b = randomF(rng, s[1] * s[2]);
                for (int variant = 0; variant < 4; variant++) {
                    boolean ta = (variant & 1) != 0;
                    boolean tb = (variant & 2) != 0;
                    float[][] f = new float[3][s[0] * s[2]];
                    for (int t = 0; t < 3; t++) {
                        Parallelism.setThreads(t + 1);
                        MatMul.multiply(a, 0, ta, b, 0, tb, f[t], 0, s[0], s[1], s[2]);
                    }
                    assertArrayEquals(f[0], f[1]);
                    assertArrayEquals(f[0], f[2]);
                }
            }
        } finally {
            Parallelism.setThreads(saved);
        }
    }

    @Test
    void threadCountIsValidated() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> Parallelism.setThreads(0));
        assertTrue(e.getMessage().contains("threads"), e.getMessage());
    }

    /**
     * A JVM started without {@code --add-modules jdk.incubator.vector} (what most library users run) must choose the
     * Java kernel silently: no exception, nothing printed, and correct products.
     */
    @Test
    void withoutTheVectorModuleTheJavaKernelRunsSilently() throws Exception {
        String launcher = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(launcher, "-cp", System.getProperty("java.class.path"),
                WithoutVectorModule.class.getName()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), err);
        assertEquals("", err);
        assertEquals("java [] 6.0", out.strip());
    }

    /** The child JVM of {@link #withoutTheVectorModuleTheJavaKernelRunsSilently()}. */
    static final class WithoutVectorModule {
        public static void main(String[] args) {
            float[] c = new float[1];
            MatMul.multiply(new float[] {1, 2}, 0, new float[] {2, 2}, 0, c, 0, 1, 2, 1);
            System.out.println(Gemms.activeName() + " " + Gemms.available() + " " + c[0]);
        }
    }
}
