package dev.descent.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The convolution and pooling kernels give bitwise the same results for any thread count. */
class ConvolutionTest {

    private static float[] random(long seed, int n) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    @Test
    void bitwiseIndependentOfThreadCount() {
        Convolution.Geometry g = new Convolution.Geometry(9, 4, 11, 10, 6, 3, 3, 1, 1, 1, 2);
        int out = 9 * 6 * g.outHeight() * g.outWidth();
        float[] x = random(1, 9 * 4 * 11 * 10);
        float[] w = random(2, 6 * 2 * 9);
        float[] b = random(3, 6);
        float[] dy = random(4, out);
        Pooling.Geometry p = new Pooling.Geometry(9 * 4, 11, 10, 3, 2, 1);
        int pooled = 9 * 4 * p.outHeight() * p.outWidth();
        int saved = Parallelism.threads();
        float[][] results = new float[3][];
        try {
            for (int t = 0; t < 3; t++) {
                Parallelism.setThreads(t + 1);
                float[] y = new float[out];
                float[] dx = new float[x.length];
                float[] dw = new float[w.length];
                float[] db = new float[6];
                float[] maxed = new float[pooled];
                float[] argmax = new float[pooled];
                float[] avg = new float[pooled];
                float[] back = new float[x.length];
                Convolution.forward(x, w, b, y, g);
                Convolution.inputGrad(dy, w, dx, g);
                Convolution.weightGrad(x, dy, dw, g);
                Convolution.biasGrad(dy, db, 9, 6, g.outHeight() * g.outWidth());
                Pooling.maxForward(x, maxed, argmax, p);
                Pooling.avgForward(x, avg, p);
                Pooling.avgBackward(avg, back, p);
                results[t] = concat(y, dx, dw, db, maxed, argmax, avg, back);
            }
        } finally {
            Parallelism.setThreads(saved);
        }
        assertArrayEquals(results[0], results[1]);
        assertArrayEquals(results[0], results[2]);
    }

    @Test
    void floatBiasGradientAgreesWithDoubles() {
        int batch = 5;
        int channels = 3;
        int plane = 37; // not a multiple of the four partial sums
        float[] dy = random(6, batch * channels * plane);
        double[] wide = new double[dy.length];
        for (int i = 0; i < dy.length; i++) {
            wide[i] = dy[i];
        }
        float[] db = new float[channels];
        double[] expected = new double[channels];
        Convolution.biasGrad(dy, db, batch, channels, plane);
        Convolution.biasGrad(wide, expected, batch, channels, plane);
        for (int o = 0; o < channels; o++) {
            assertEquals(expected[o], db[o], 1e-4, "channel " + o);
        }
    }

    static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] all = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
