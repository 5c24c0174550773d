package dev.descent.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * ReLU and its backward are computed with max/min so the JIT vectorizes them; they must equal the comparison they
 * replace ({@code x > 0 ? x : 0}, {@code x > 0 ? g : g·0}) bit for bit on every input but NaN, which stays NaN.
 */
class ReluKernelTest {
    private static final float[] SPECIAL_F = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, 1e-30f,
        -1e-30f, 0.5f, -0.5f, 1f, -1f, 3e38f, -3e38f, Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY};
    private static final double[] SPECIAL_D = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL,
        1e-300, -1e-300, 0.5, -0.5, 1.0, -1.0, Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY};

    @Test
    void floatKernelsEqualTheComparisonBitForBit() {
        float[] gradients = {0f, -0f, 1f, -2.5f, Float.MIN_VALUE, Float.POSITIVE_INFINITY, Float.NaN};
        int n = SPECIAL_F.length * gradients.length;
        float[] x = new float[n];
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = SPECIAL_F[i % SPECIAL_F.length];
            g[i] = gradients[i / SPECIAL_F.length];
        }
        float[] out = new float[n];
        Elementwise.relu(x, out);
        for (int i = 0; i < n; i++) {
            assertEquals(Float.floatToRawIntBits(x[i] > 0 ? x[i] : 0f), Float.floatToRawIntBits(out[i]), "relu " + x[i]);
        }
        Elementwise.reluBackward(g, x, out);
        for (int i = 0; i < n; i++) {
            float expected = x[i] > 0 ? g[i] : g[i] * 0f;
            assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(out[i]), "relu' " + x[i] + " " + g[i]);
        }
    }

    @Test
    void doubleKernelsEqualTheComparisonBitForBit() {
        double[] gradients = {0.0, -0.0, 1.0, -2.5, Double.MIN_VALUE, Double.NEGATIVE_INFINITY, Double.NaN};
        int n = SPECIAL_D.length * gradients.length;
        double[] x = new double[n];
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = SPECIAL_D[i % SPECIAL_D.length];
            g[i] = gradients[i / SPECIAL_D.length];
        }
        double[] out = new double[n];
        Elementwise.relu(x, out);
        for (int i = 0; i < n; i++) {
            assertEquals(Double.doubleToRawLongBits(x[i] > 0 ? x[i] : 0.0), Double.doubleToRawLongBits(out[i]));
        }
        Elementwise.reluBackward(g, x, out);
        for (int i = 0; i < n; i++) {
            double expected = x[i] > 0 ? g[i] : g[i] * 0.0;
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(out[i]), x[i] + " " + g[i]);
            assertEquals(Double.doubleToRawLongBits(x[i] > 0 ? 1.0 : 0.0),
                    Double.doubleToRawLongBits(Elementwise.reluDerivative(x[i])));
        }
    }

    @Test
    void nanStaysNaN() {
        float[] out = new float[1];
        Elementwise.relu(new float[] {Float.NaN}, out);
        assertTrue(Float.isNaN(out[0]));
        Elementwise.reluBackward(new float[] {1f}, new float[] {Float.NaN}, out);
        assertTrue(Float.isNaN(out[0]));
        assertTrue(Double.isNaN(Elementwise.reluDerivative(Double.NaN)));
    }
}
