package dev.descent.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Vector API MaxPool2d(2) against the general loop (in F64, whose choices are the specification): the same
 * maxima and the same positions, with ties (the first wins) and signed zeros, and with NaNs (the first wins at once)
 * and infinities, whose planes the scalar loop redoes; on planes narrower than a vector, odd sizes and widths that
 * leave a partial block. Skipped without the Vector API kernel.
 */
class VectorPoolingTest {
    private static final float[] VALUES = {0f, -0f, 1f, -1f, 2f, 0.5f, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, Float.NaN};
    /** The values without NaN and infinities: planes of these stay on the vector path (no scalar redo). */
    private static final int FINITE = 6;

    @ParameterizedTest
    @CsvSource({"3, 28, 28, true", "5, 14, 14, true", "2, 7, 9, true", "4, 2, 2, true", "1, 5, 40, true",
        "2, 3, 33, true", "1, 2, 5, true", "1, 3, 2, true", "3, 28, 28, false", "5, 14, 14, false",
        "2, 7, 9, false", "2, 3, 33, false", "16, 12, 12, false", "16, 12, 12, true"})
    void matchesTheGeneralLoop(int planes, int height, int width, boolean nonFinite) {
        assumeTrue(new VectorGemmProvider().create().isPresent(), "jdk.incubator.vector not in the boot layer");
        Random r = new Random(planes * 1000L + height * 37L + width + (nonFinite ? 1 : 0));
        float[] x = new float[planes * height * width];
        for (int i = 0; i < x.length; i++) {
            // mostly a few repeated values (ties), sometimes one of the special ones
            x[i] = r.nextInt(4) == 0 ? VALUES[r.nextInt(nonFinite ? VALUES.length : FINITE)] : r.nextInt(3);
        }
        Pooling.Geometry g = new Pooling.Geometry(planes, height, width, 2, 2, 0);
        int out = planes * g.outHeight() * g.outWidth();
        float[] y = new float[out];
        float[] argmax = new float[out];
        VectorPooling.max2x2(x, y, argmax, 0, planes, height, width);

        double[] wide = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            wide[i] = x[i];
        }
        double[] yRef = new double[out];
        double[] argmaxRef = new double[out];
        Pooling.maxForward(wide, yRef, argmaxRef, g);
        float[] yExpected = new float[out];
        float[] argmaxExpected = new float[out];
        for (int i = 0; i < out; i++) {
            yExpected[i] = (float) yRef[i];
            argmaxExpected[i] = (float) argmaxRef[i];
        }
        assertArrayEquals(argmaxExpected, argmax);
        assertArrayEquals(yExpected, y); // bitwise, so -0 and 0 differ
    }
}
