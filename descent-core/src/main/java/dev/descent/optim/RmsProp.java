package dev.descent.optim;

import dev.descent.tensor.Tensor;
import java.util.List;

/**
 * RMSprop (Hinton, Neural Networks for Machine Learning, lecture 6e, 2012; centered variant from Graves,
 * "Generating Sequences With Recurrent Neural Networks", arXiv:1308.0850, 2013), as in PyTorch's {@code RMSprop}.
 * Per element:
 * <pre>
 *   g ← g + weightDecay · x                          (if weightDecay ≠ 0)
 *   v ← alpha · v + (1 − alpha) · g²
 *   m ← alpha · m + (1 − alpha) · g ;  d ← √(v − m²) + eps     (centered)
 *                                      d ← √v + eps            (otherwise)
 *   b ← momentum · b + g / d ;  x ← x − learningRate · b        (if momentum &gt; 0)
 *   x ← x − learningRate · g / d                                 (otherwise)
 * </pre>
 * <ul>
 *   <li>{@code learningRate} — step size (default 0.01).</li>
 *   <li>{@code alpha} — decay of the running averages (default 0.99).</li>
 *   <li>{@code eps} — added to the denominator, outside the square root (default 1e-8).</li>
 *   <li>{@code weightDecay} — L2 penalty coefficient (default 0).</li>
 *   <li>{@code momentum} — momentum on the scaled gradient (default 0).</li>
 *   <li>{@code centered} — divide by an estimate of the variance rather than the second moment (default false).</li>
 * </ul>
 * Note eps sits outside the square root (PyTorch) whereas TensorFlow puts it inside. State: {@code "i.square_avg"},
 * {@code "i.momentum_buffer"} (if momentum &gt; 0), {@code "i.grad_avg"} (if centered).
 */
public final class RmsProp extends ElementwiseOptimizer {
    private final Config config;

    /** Configuration; validated on construction. */
    public record Config(double learningRate, double alpha, double eps, double weightDecay, double momentum,
                         boolean centered) {
        public Config {
            Args.positive("learningRate", learningRate);
            Args.closedUnitInterval("alpha", alpha);
            Args.positive("eps", eps);
            Args.nonNegative("weightDecay", weightDecay);
            Args.unitInterval("momentum", momentum);
        }

        /** PyTorch's defaults with the given learning rate. */
        public static Config of(double learningRate) {
            return new Config(learningRate, 0.99, 1e-8, 0, 0, false);
        }
    }

    private RmsProp(List<Tensor> parameters, Config config) {
        super(parameters, config.learningRate(), names(config));
        this.config = config;
    }

    private static String[] names(Config c) {
        if (c.momentum() > 0) {
            return c.centered() ? new String[] {"square_avg", "momentum_buffer", "grad_avg"}
                    : new String[] {"square_avg", "momentum_buffer"};
        }
        return c.centered() ? new String[] {"square_avg", "grad_avg"} : new String[] {"square_avg"};
    }

    public static RmsProp of(List<Tensor> parameters, double learningRate) {
        return new RmsProp(parameters, Config.of(learningRate));
    }

    public static RmsProp of(List<Tensor> parameters, Config config) {
        return new RmsProp(parameters, config);
    }

    public Config config() {
        return config;
    }

    @Override
    void update(double[] x, double[] g, double[][] buffers, long step, int count, double lr) {
        double[] v = buffers[0];
        double[] b = config.momentum() > 0 ? buffers[1] : null;
        double[] m = config.centered() ? buffers[buffers.length - 1] : null;
        double alpha = config.alpha();
        double eps = config.eps();
        double wd = config.weightDecay();
        double mu = config.momentum();
        for (int i = 0; i < count; i++) {
            double gi = g[i] + wd * x[i];
            v[i] = alpha * v[i] + (1 - alpha) * gi * gi;
            double d;
            if (m != null) {
                m[i] = alpha * m[i] + (1 - alpha) * gi;
                d = Math.sqrt(v[i] - m[i] * m[i]) + eps;
            } else {
                d = Math.sqrt(v[i]) + eps;
            }
            if (b != null) {
                b[i] = mu * b[i] + gi / d;
                x[i] -= lr * b[i];
            } else {
                x[i] -= lr * gi / d;
            }
        }
    }

    @Override
    public String toString() {
        return "RmsProp(learningRate=" + Args.show(learningRate()) + ", alpha=" + Args.show(config.alpha())
                + ", eps=" + Args.show(config.eps()) + ", weightDecay=" + Args.show(config.weightDecay())
                + ", momentum=" + Args.show(config.momentum()) + ", centered=" + config.centered() + ")";
    }
}
