package dev.descent.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The direct Vector API convolution against the im2col path in F64 (the path the gradchecks and the PyTorch
 * fixtures cover): forward, input gradient and weight gradient, on shapes with channel counts that are not multiples
 * of the four-channel blocks, planes that do not fill whole vectors, non-square kernels and every padding the fast
 * path takes; and bitwise independence from the thread count. Skipped without the Vector API kernel.
 */
class VectorConvolutionTest {
    @BeforeEach
    void vectorKernel() {
        assumeTrue(new VectorGemmProvider().create().isPresent(), "jdk.incubator.vector not in the boot layer");
    }

    static Stream<Arguments> shapes() {
        // batch, channels, height, width, out channels, kernel height, kernel width, padding
        return Stream.of(
                Arguments.of(3, 1, 28, 28, 8, 3, 3, 1), Arguments.of(9, 8, 14, 14, 16, 3, 3, 1),
                Arguments.of(2, 3, 5, 7, 5, 3, 3, 0), Arguments.of(17, 2, 9, 4, 7, 3, 3, 2),
                Arguments.of(1, 5, 11, 13, 3, 5, 5, 2), Arguments.of(4, 2, 6, 8, 6, 3, 2, 1),
                Arguments.of(2, 4, 1, 1, 9, 1, 1, 0), Arguments.of(10, 3, 7, 7, 4, 5, 3, 0));
    }

    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    private static double[] wide(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    private static void assertClose(double[] expected, float[] actual, double scale, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5 * scale * (1 + Math.abs(expected[i])), what + " at " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void agreesWithIm2colInF64(int n, int c, int h, int w, int o, int kh, int kw, int p) {
        Convolution.Geometry g = new Convolution.Geometry(n, c, h, w, o, kh, kw, 1, p, 1, 1);
        Random r = new Random(n * 31L + c * 7L + h);
        int out = n * o * g.outHeight() * g.outWidth();
        float[] x = random(r, n * c * h * w);
        float[] weight = random(r, o * c * kh * kw);
        float[] bias = random(r, o);
        float[] dy = random(r, out);
        double terms = c * kh * kw;

        float[] y = new float[out];
        VectorConvolution.forward(x, weight, bias, y, g);
        double[] yRef = new double[out];
        Convolution.forwardIm2col(wide(x), wide(weight), wide(bias), yRef, g);
        assertClose(yRef, y, terms, "forward");

        float[] dx = new float[x.length];
        VectorConvolution.inputGrad(dy, weight, dx, g);
        double[] dxRef = new double[x.length];
        Convolution.inputGradIm2col(wide(dy), wide(weight), dxRef, g);
        assertClose(dxRef, dx, o * kh * kw, "input gradient");

        float[] dw = new float[weight.length];
        VectorConvolution.weightGrad(x, dy, dw, g);
        double[] dwRef = new double[weight.length];
        Convolution.weightGradIm2col(wide(x), wide(dy), dwRef, g);
        assertClose(dwRef, dw, n * g.outHeight() * g.outWidth(), "weight gradient");
    }

    @Test
    void bitwiseIndependentOfThreadCount() {
        Convolution.Geometry g = new Convolution.Geometry(21, 3, 10, 9, 6, 3, 3, 1, 1, 1, 1);
        Random r = new Random(5);
        float[] x = random(r, 21 * 3 * 10 * 9);
        float[] weight = random(r, 6 * 3 * 9);
        float[] bias = random(r, 6);
        float[] dy = random(r, 21 * 6 * 10 * 9);
        int saved = Parallelism.threads();
        float[][] results = new float[3][];
        try {
            for (int t = 0; t < 3; t++) {
                Parallelism.setThreads(t + 1);
                float[] y = new float[dy.length];
                float[] dx = new float[x.length];
                float[] dw = new float[weight.length];
                VectorConvolution.forward(x, weight, bias, y, g);
                VectorConvolution.inputGrad(dy, weight, dx, g);
                VectorConvolution.weightGrad(x, dy, dw, g);
                results[t] = ConvolutionTest.concat(y, dx, dw);
            }
        } finally {
            Parallelism.setThreads(saved);
        }
        assertArrayEquals(results[0], results[1]);
        assertArrayEquals(results[0], results[2]);
    }

    @Test
    void onlyStrideOneUngroupedF32TakesTheDirectPath() {
        assumeTrue("vector".equals(Gemms.activeName()), "the Vector API kernel is not the active one");
        assertTrue(Convolution.direct(new float[0], new Convolution.Geometry(1, 2, 5, 5, 2, 3, 3, 1, 2, 1, 1)));
        assertFalse(Convolution.direct(new double[0], new Convolution.Geometry(1, 2, 5, 5, 2, 3, 3, 1, 1, 1, 1)));
        assertFalse(Convolution.direct(new float[0], new Convolution.Geometry(1, 2, 5, 5, 2, 3, 3, 2, 1, 1, 1)));
        assertFalse(Convolution.direct(new float[0], new Convolution.Geometry(1, 2, 5, 5, 2, 3, 3, 1, 1, 2, 1)));
        assertFalse(Convolution.direct(new float[0], new Convolution.Geometry(1, 2, 5, 5, 2, 3, 3, 1, 1, 1, 2)));
        assertFalse(Convolution.direct(new float[0], new Convolution.Geometry(1, 2, 5, 5, 2, 3, 3, 1, 3, 1, 1)));
    }
}
