package dev.descent.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The loss kernels (the cross-entropy written once on doubles with float rounding) against the separate float and
 * double loops they replaced in {@code Reductions} (kept here verbatim as references): the same bits, in both dtypes, on ordinary, extreme and non-finite
 * inputs, and on more rows than one widened chunk holds. NaNs count as one value: the sign of a NaN result depends on
 * which operand the JIT puts first, in the old loops as in the new.
 */
class FusedLossesTest {
    private static final int[][] SHAPES = {{64, 10}, {10, 10}, {3, 1}, {0, 5}, {300, 10}, {7, 700}, {5, 1500}, {1, 3000}};

    @Test
    void softmaxCrossEntropyF32IsBitwiseTheFloatLoop() {
        Random random = new Random(11);
        for (int[] shape : SHAPES) {
            for (int kind = 0; kind < 4; kind++) {
                int rows = shape[0];
                int cols = shape[1];
                float[] x = floats(random, rows * cols, kind);
                float[] t = targets(random, rows, cols, kind == 3);
                float[] lpOld = new float[x.length];
                float[] lpNew = new float[x.length];
                float old = OldLoops.crossEntropy(x, t, rows, cols, lpOld);
                float now = FusedLosses.softmaxCrossEntropy(x, t, rows, cols, lpNew);
                assertEquals(Float.floatToIntBits(old), Float.floatToIntBits(now), "value, kind " + kind);
                assertArrayEquals(bits(lpOld), bits(lpNew), "log-probabilities, kind " + kind);
                double factor = 0.37 / Math.max(1, rows);
                float[] dzOld = new float[x.length];
                float[] dzNew = new float[x.length];
                OldLoops.crossEntropyBackward(lpOld, t, rows, cols, factor, dzOld);
                FusedLosses.softmaxCrossEntropyBackward(lpNew, t, rows, cols, factor, dzNew);
                assertArrayEquals(bits(dzOld), bits(dzNew), "gradient, kind " + kind);
            }
        }
    }

    @Test
    void softmaxCrossEntropyF64IsBitwiseTheDoubleLoop() {
        Random random = new Random(12);
        for (int[] shape : SHAPES) {
            for (int kind = 0; kind < 4; kind++) {
                int rows = shape[0];
                int cols = shape[1];
                double[] x = widen(floats(random, rows * cols, kind));
                for (int i = 0; i < x.length; i++) {
                    x[i] += random.nextDouble() * 1e-9; // not float values
                }
                double[] t = widen(targets(random, rows, cols, kind == 3));
                double[] lpOld = new double[x.length];
                double[] lpNew = new double[x.length];
                double old = OldLoops.crossEntropy(x, t, rows, cols, lpOld);
                double now = FusedLosses.softmaxCrossEntropy(x, t, rows, cols, lpNew);
                assertEquals(Double.doubleToLongBits(old), Double.doubleToLongBits(now), "value, kind " + kind);
                assertArrayEquals(bits(lpOld), bits(lpNew), "log-probabilities, kind " + kind);
                double factor = 0.37 / Math.max(1, rows);
                double[] dzOld = new double[x.length];
                double[] dzNew = new double[x.length];
                OldLoops.crossEntropyBackward(lpOld, t, rows, cols, factor, dzOld);
                FusedLosses.softmaxCrossEntropyBackward(lpNew, t, rows, cols, factor, dzNew);
                assertArrayEquals(bits(dzOld), bits(dzNew), "gradient, kind " + kind);
            }
        }
    }

    @Test
    void squaredDistanceIsBitwiseTheLoopsInBothDtypes() {
        Random random = new Random(13);
        for (int n : new int[] {0, 1, 100, 1024, 1025, 5000}) {
            for (int kind = 0; kind < 4; kind++) {
                float[] p = floats(random, n, kind);
                float[] t = floats(random, n, 0);
                float[] diffOld = new float[n];
                float[] diffNew = new float[n];
                double old = OldLoops.squaredDistance(p, t, diffOld);
                double now = FusedLosses.squaredDistance(p, t, diffNew);
                assertEquals(Double.doubleToLongBits(old), Double.doubleToLongBits(now), "F32 value");
                assertArrayEquals(bits(diffOld), bits(diffNew), "F32 difference");
                float g = 0.05f * (kind + 1);
                float[] dpOld = new float[n];
                float[] dpNew = new float[n];
                OldLoops.squaredDistanceBackward(diffOld, g, dpOld);
                FusedLosses.squaredDistanceBackward(diffNew, g, dpNew);
                assertArrayEquals(bits(dpOld), bits(dpNew), "F32 gradient");

                double[] pd = widen(p);
                double[] td = widen(t);
                double[] dOld = new double[n];
                double[] dNew = new double[n];
                assertEquals(Double.doubleToLongBits(OldLoops.squaredDistance(pd, td, dOld)),
                        Double.doubleToLongBits(FusedLosses.squaredDistance(pd, td, dNew)), "F64 value");
                assertArrayEquals(bits(dOld), bits(dNew), "F64 difference");
                double[] gOld = new double[n];
                double[] gNew = new double[n];
                OldLoops.squaredDistanceBackward(dOld, 0.3, gOld);
                FusedLosses.squaredDistanceBackward(dNew, 0.3, gNew);
                assertArrayEquals(bits(gOld), bits(gNew), "F64 gradient");
            }
        }
    }

    /** kind 0: N(0, 1); 1: large (±80, exp would overflow without the shift); 2: with ±inf and NaN; 3: tiny. */
    private static float[] floats(Random random, int n, int kind) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double v = random.nextGaussian();
            x[i] = (float) switch (kind) {
                case 1 -> v * 80;
                case 2 -> i % 7 == 3 ? Double.NEGATIVE_INFINITY : i % 11 == 5 ? Double.POSITIVE_INFINITY
                        : i % 13 == 2 ? Double.NaN : v;
                case 3 -> v * 1e-20;
                default -> v;
            };
        }
        return x;
    }

    /** One-hot rows, or probability rows (positive, summing to about 1). */
    private static float[] targets(Random random, int rows, int cols, boolean probabilities) {
        float[] t = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            if (!probabilities) {
                t[r * cols + random.nextInt(cols)] = 1f;
                continue;
            }
            for (int j = 0; j < cols; j++) {
                t[r * cols + j] = random.nextFloat() * 2f / cols;
            }
        }
        return t;
    }

    private static double[] widen(float[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i];
        }
        return out;
    }

    private static int[] bits(float[] x) {
        int[] out = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = Float.floatToIntBits(x[i]);
        }
        return out;
    }

    private static long[] bits(double[] x) {
        long[] out = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = Double.doubleToLongBits(x[i]);
        }
        return out;
    }

    /** The loops as they were in {@code Reductions} before they moved here, one per dtype. */
    private static final class OldLoops {
        static float crossEntropy(float[] x, float[] t, int rows, int cols, float[] lp) {
            int n = Math.max(1, rows);
            double total = 0;
            for (int r = 0; r < rows; r++) {
                int o = r * cols;
                float m = x[o];
                for (int j = 1; j < cols; j++) {
                    float v = x[o + j];
                    if (v > m || Float.isNaN(v) && !Float.isNaN(m)) {
                        m = v;
                    }
                }
                if (Float.isInfinite(m)) {
                    m = 0f;
                }
                double s = 0;
                for (int j = 0; j < cols; j++) {
                    s += (float) Math.exp(x[o + j] - m);
                }
                float lse = (float) Math.log((float) s) + m;
                double row = 0;
                for (int j = 0; j < cols; j++) {
                    lp[o + j] = x[o + j] - lse;
                    row += t[o + j] * lp[o + j];
                }
                total += (float) row;
            }
            return (float) -(float) ((float) total * (1.0 / n));
        }

        static double crossEntropy(double[] x, double[] t, int rows, int cols, double[] lp) {
            int n = Math.max(1, rows);
            double total = 0;
            for (int r = 0; r < rows; r++) {
                int o = r * cols;
                double m = x[o];
                for (int j = 1; j < cols; j++) {
                    double v = x[o + j];
                    if (v > m || Double.isNaN(v) && !Double.isNaN(m)) {
                        m = v;
                    }
                }
                if (Double.isInfinite(m)) {
                    m = 0;
                }
                double s = 0;
                for (int j = 0; j < cols; j++) {
                    s += Math.exp(x[o + j] - m);
                }
                double lse = Math.log(s) + m;
                double row = 0;
                for (int j = 0; j < cols; j++) {
                    lp[o + j] = x[o + j] - lse;
                    row += t[o + j] * lp[o + j];
                }
                total += row;
            }
            return -(total * (1.0 / n));
        }

        static void crossEntropyBackward(float[] lp, float[] t, int rows, int cols, double factor, float[] dz) {
            for (int r = 0; r < rows; r++) {
                int o = r * cols;
                float sumY = 0f;
                for (int j = 0; j < cols; j++) {
                    sumY += t[o + j];
                }
                for (int j = 0; j < cols; j++) {
                    dz[o + j] = ((float) Math.exp(lp[o + j]) * sumY - t[o + j]) * (float) factor;
                }
            }
        }

        static void crossEntropyBackward(double[] lp, double[] t, int rows, int cols, double factor, double[] dz) {
            for (int r = 0; r < rows; r++) {
                int o = r * cols;
                double sumY = 0;
                for (int j = 0; j < cols; j++) {
                    sumY += t[o + j];
                }
                for (int j = 0; j < cols; j++) {
                    dz[o + j] = (Math.exp(lp[o + j]) * sumY - t[o + j]) * factor;
                }
            }
        }

        static double squaredDistance(float[] p, float[] t, float[] d) {
            double s = 0;
            for (int i = 0; i < d.length; i++) {
                d[i] = p[i] - t[i];
                s += d[i] * d[i];
            }
            return s;
        }

        static double squaredDistance(double[] p, double[] t, double[] d) {
            double s = 0;
            for (int i = 0; i < d.length; i++) {
                d[i] = p[i] - t[i];
                s += d[i] * d[i];
            }
            return s;
        }

        static void squaredDistanceBackward(float[] diff, float gv, float[] dp) {
            for (int i = 0; i < dp.length; i++) {
                dp[i] = gv * (diff[i] * 2f);
            }
        }

        static void squaredDistanceBackward(double[] diff, double gv, double[] dp) {
            for (int i = 0; i < dp.length; i++) {
                dp[i] = gv * (diff[i] * 2.0);
            }
        }
    }
}
