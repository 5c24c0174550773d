package dev.descent.optim;

import dev.descent.tensor.Tensor;
import java.util.List;

/**
 * Adagrad (Duchi, Hazan &amp; Singer, "Adaptive Subgradient Methods for Online Learning and Stochastic
 * Optimization", JMLR 2011), as in PyTorch's {@code Adagrad}. Per element, at step t = 1, 2, …:
 * <pre>
 *   g ← g + weightDecay · x                          (if weightDecay ≠ 0)
 *   η ← learningRate / (1 + (t − 1) · lrDecay)
 *   s ← s + g²                                       (s starts at initialAccumulator)
 *   x ← x − η · g / (√s + eps)
 * </pre>
 * <ul>
 *   <li>{@code learningRate} — step size (default 0.01).</li>
 *   <li>{@code lrDecay} — learning-rate decay per step (default 0).</li>
 *   <li>{@code weightDecay} — L2 penalty coefficient (default 0).</li>
 *   <li>{@code initialAccumulator} — starting value of the sum of squares (default 0).</li>
 *   <li>{@code eps} — added to the denominator for stability (default 1e-10).</li>
 * </ul>
 * State: {@code "i.sum"}, {@code "i.step"}.
 */
public final class Adagrad extends ElementwiseOptimizer {
    private final Config config;

    /** Configuration; validated on construction. */
    public record Config(double learningRate, double lrDecay, double weightDecay, double initialAccumulator,
                         double eps) {
        public Config {
            Args.positive("learningRate", learningRate);
            Args.nonNegative("lrDecay", lrDecay);
            Args.nonNegative("weightDecay", weightDecay);
            Args.nonNegative("initialAccumulator", initialAccumulator);
            Args.positive("eps", eps);
        }

        /** PyTorch's defaults with the given learning rate. */
        public static Config of(double learningRate) {
            return new Config(learningRate, 0, 0, 0, 1e-10);
        }
    }

    private Adagrad(List<Tensor> parameters, Config config) {
        super(parameters, config.learningRate(), "sum");
        this.config = config;
    }

    public static Adagrad of(List<Tensor> parameters, double learningRate) {
        return new Adagrad(parameters, Config.of(learningRate));
    }

    public static Adagrad of(List<Tensor> parameters, Config config) {
        return new Adagrad(parameters, config);
    }

    public Config config() {
        return config;
    }

    @Override
    void initialize(double[][] buffers) {
        java.util.Arrays.fill(buffers[0], config.initialAccumulator());
    }

    @Override
    void update(double[] x, double[] g, double[][] buffers, long step, int count, double lr) {
        double[] s = buffers[0];
        double wd = config.weightDecay();
        double eps = config.eps();
        double eta = lr / (1 + (step - 1) * config.lrDecay());
        for (int i = 0; i < count; i++) {
            double gi = g[i] + wd * x[i];
            s[i] += gi * gi;
            x[i] -= eta * gi / (Math.sqrt(s[i]) + eps);
        }
    }

    @Override
    public String toString() {
        return "Adagrad(learningRate=" + Args.show(learningRate()) + ", lrDecay=" + Args.show(config.lrDecay())
                + ", weightDecay=" + Args.show(config.weightDecay()) + ", initialAccumulator="
                + Args.show(config.initialAccumulator()) + ", eps=" + Args.show(config.eps()) + ")";
    }
}
