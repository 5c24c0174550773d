package dev.descent.optim;

import dev.descent.tensor.Tensor;
import java.util.List;

/**
 * Gradient clipping, applied between {@code backward()} and {@code step()} to tame exploding gradients (Pascanu,
 * Mikolov &amp; Bengio, "On the difficulty of training recurrent neural networks", ICML 2013). Works on the
 * parameters' gradients in place; parameters whose gradient is null are ignored.
 */
public final class GradientClipping {
    private GradientClipping() {
    }

    /** The L2 norm of all gradients together, as if concatenated into one vector. */
    public static double gradientNorm(List<Tensor> parameters) {
        // Norm of the per-tensor norms, as PyTorch's clip_grad_norm_ computes it.
        double sum = 0;
        for (Tensor p : parameters) {
            Tensor g = p.grad();
            if (g != null) {
                double n = tensorNorm(g);
                sum += n * n;
            }
        }
        return Math.sqrt(sum);
    }

    /**
     * {@link #gradientNorm} for reporting, a few times faster: each tensor's squares are summed in four interleaved
     * partial sums (one running sum waits for each addition to finish before the next), so it may differ from
     * {@link #gradientNorm} in the last bits. The trainer records it after every step when nothing is clipped (about
     * a seventh of a step of a 784-128-10 network); {@link #clipByNorm} keeps the single sum, since its norm scales
     * the gradients and so the weights.
     */
    public static double reportedGradientNorm(List<Tensor> parameters) {
        double sum = 0;
        for (Tensor p : parameters) {
            Tensor g = p.grad();
            if (g != null) {
                sum += sumOfSquares(g);
            }
        }
        return Math.sqrt(sum);
    }

    private static double sumOfSquares(Tensor t) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double[] d = t.doubleData();
        float[] f = d == null ? t.floatData() : null;
        int n = d != null ? d.length : f.length;
        int i = 0;
        if (d != null) {
            for (; i + 3 < n; i += 4) {
                s0 += d[i] * d[i];
                s1 += d[i + 1] * d[i + 1];
                s2 += d[i + 2] * d[i + 2];
                s3 += d[i + 3] * d[i + 3];
            }
            for (; i < n; i++) {
                s0 += d[i] * d[i];
            }
        } else {
            for (; i + 3 < n; i += 4) {
                s0 += (double) f[i] * f[i];
                s1 += (double) f[i + 1] * f[i + 1];
                s2 += (double) f[i + 2] * f[i + 2];
                s3 += (double) f[i + 3] * f[i + 3];
            }
            for (; i < n; i++) {
                s0 += (double) f[i] * f[i];
            }
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * Scales all gradients by {@code min(1, maxNorm / (norm + 1e-6))} (PyTorch's {@code clip_grad_norm_}; the 1e-6
     * keeps the division finite and means a norm of exactly maxNorm is scaled very slightly); returns the total norm
     * before clipping.
     */
    public static double clipByNorm(List<Tensor> parameters, double maxNorm) {
        Args.positive("maxNorm", maxNorm);
        double total = gradientNorm(parameters);
        double coefficient = maxNorm / (total + 1e-6);
        if (coefficient < 1) {
            for (Tensor p : parameters) {
                Tensor g = p.grad();
                if (g != null) {
                    scale(g, coefficient);
                }
            }
        }
        return total;
    }

    /** Clamps every gradient element to [−clipValue, clipValue] (PyTorch's {@code clip_grad_value_}). */
    public static void clipByValue(List<Tensor> parameters, double clipValue) {
        Args.positive("clipValue", clipValue);
        for (Tensor p : parameters) {
            Tensor g = p.grad();
            if (g == null) {
                continue;
            }
            double[] d = g.doubleData();
            if (d != null) {
                for (int i = 0; i < d.length; i++) {
                    d[i] = Math.max(-clipValue, Math.min(clipValue, d[i]));
                }
            } else {
                float[] f = g.floatData();
                float c = (float) clipValue;
                for (int i = 0; i < f.length; i++) {
                    f[i] = Math.max(-c, Math.min(c, f[i]));
                }
            }
        }
    }

    private static double tensorNorm(Tensor t) {
        double s = 0;
        double[] d = t.doubleData();
        if (d != null) {
            for (double v : d) {
                s += v * v;
            }
        } else {
            for (float v : t.floatData()) {
                s += (double) v * v;
            }
        }
        return Math.sqrt(s);
    }

    private static void scale(Tensor t, double c) {
        double[] d = t.doubleData();
        if (d != null) {
            for (int i = 0; i < d.length; i++) {
                d[i] *= c;
            }
        } else {
            float[] f = t.floatData();
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) (f[i] * c);
            }
        }
    }
}
