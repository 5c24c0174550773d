package dev.descent.optim;

import dev.descent.tensor.Tensor;
import java.util.List;

/**
 * Plain gradient descent, the tutorials' rule (Cauchy, 1847):
 * <pre>
 *   x ← x − learningRate · g
 * </pre>
 * <ul>
 *   <li>{@code learningRate} — step size (default 0.01).</li>
 * </ul>
 * No state besides the step count. Equals {@link Sgd} with momentum 0 and no weight decay.
 */
public final class GradientDescent extends ElementwiseOptimizer {

    /** Configuration; validated on construction. */
    public record Config(double learningRate) {
        public Config {
            Args.positive("learningRate", learningRate);
        }

        public static Config defaults() {
            return new Config(0.01);
        }
    }

    private GradientDescent(List<Tensor> parameters, Config config) {
        super(parameters, config.learningRate());
    }

    /** Gradient descent with the given learning rate. */
    public static GradientDescent of(List<Tensor> parameters, double learningRate) {
        return new GradientDescent(parameters, new Config(learningRate));
    }

    public static GradientDescent of(List<Tensor> parameters, Config config) {
        return new GradientDescent(parameters, config);
    }

    @Override
    void update(double[] x, double[] g, double[][] buffers, long step, int count, double lr) {
        for (int i = 0; i < count; i++) {
            x[i] -= lr * g[i];
        }
    }

    @Override
    public String toString() {
        return "GradientDescent(learningRate=" + Args.show(learningRate()) + ")";
    }
}
