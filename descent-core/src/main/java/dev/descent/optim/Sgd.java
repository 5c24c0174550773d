package dev.descent.optim;

import dev.descent.tensor.Tensor;
import java.util.List;

/**
 * Stochastic gradient descent with momentum (Polyak, 1964), Nesterov momentum (Sutskever et al., "On the importance
 * of initialization and momentum in deep learning", ICML 2013) and L2 weight decay, as in PyTorch's {@code SGD}.
 * Per element, in the order the code runs it, at step t = 1, 2, …:
 * <pre>
 *   g ← g + weightDecay · x                          (if weightDecay ≠ 0)
 *   b ← g                                            (t = 1; if momentum ≠ 0)
 *   b ← momentum · b + (1 − dampening) · g           (t &gt; 1; if momentum ≠ 0)
 *   g ← g + momentum · b   (nesterov)   or   g ← b   (otherwise; if momentum ≠ 0)
 *   x ← x − learningRate · g
 * </pre>
 * <ul>
 *   <li>{@code learningRate} — step size (no default in PyTorch; 0.01 here).</li>
 *   <li>{@code momentum} — factor of the velocity {@code b} (default 0: plain SGD).</li>
 *   <li>{@code dampening} — how much of the new gradient is left out of {@code b} (default 0).</li>
 *   <li>{@code weightDecay} — L2 penalty coefficient added to the gradient (default 0).</li>
 *   <li>{@code nesterov} — look-ahead form (default false); requires momentum &gt; 0 and dampening = 0.</li>
 * </ul>
 * The velocity starts as the raw gradient, not as zero (PyTorch's convention; Sutskever's formulation differs by
 * scaling the learning rate into {@code b}). State: {@code "i.momentum"} when momentum ≠ 0.
 */
public final class Sgd extends ElementwiseOptimizer {
    private final Config config;

    /** Configuration; validated on construction. */
    public record Config(double learningRate, double momentum, double dampening, double weightDecay,
                         boolean nesterov) {
        public Config {
            Args.positive("learningRate", learningRate);
            Args.unitInterval("momentum", momentum);
            Args.closedUnitInterval("dampening", dampening);
            Args.nonNegative("weightDecay", weightDecay);
            if (nesterov && (momentum <= 0 || dampening != 0)) {
                throw new IllegalArgumentException("nesterov requires momentum > 0 and dampening = 0, was momentum="
                        + momentum + ", dampening=" + dampening);
            }
        }

        /** Plain SGD with the given learning rate. */
        public static Config of(double learningRate) {
            return new Config(learningRate, 0, 0, 0, false);
        }
    }

    private Sgd(List<Tensor> parameters, Config config) {
        super(parameters, config.learningRate(), config.momentum() != 0 ? new String[] {"momentum"} : new String[0]);
        this.config = config;
    }

    /** Plain SGD. */
    public static Sgd of(List<Tensor> parameters, double learningRate) {
        return new Sgd(parameters, Config.of(learningRate));
    }

    /** SGD with (heavy-ball) momentum. */
    public static Sgd momentum(List<Tensor> parameters, double learningRate, double momentum) {
        return new Sgd(parameters, new Config(learningRate, momentum, 0, 0, false));
    }

    /** SGD with Nesterov momentum. */
    public static Sgd nesterov(List<Tensor> parameters, double learningRate, double momentum) {
        return new Sgd(parameters, new Config(learningRate, momentum, 0, 0, true));
    }

    public static Sgd of(List<Tensor> parameters, Config config) {
        return new Sgd(parameters, config);
    }

    public Config config() {
        return config;
    }

    @Override
    void update(double[] x, double[] g, double[][] buffers, long step, int count, double lr) {
        double wd = config.weightDecay();
        double mu = config.momentum();
        if (mu == 0) {
            for (int i = 0; i < count; i++) {
                x[i] -= lr * (g[i] + wd * x[i]);
            }
            return;
        }
        double[] b = buffers[0];
        double keep = 1 - config.dampening();
        // One branch-free loop per case, so the JIT vectorizes each (the same operations as the combined rule).
        if (step == 1) {
            for (int i = 0; i < count; i++) {
                b[i] = g[i] + wd * x[i];
            }
        } else {
            for (int i = 0; i < count; i++) {
                b[i] = mu * b[i] + keep * (g[i] + wd * x[i]);
            }
        }
        if (config.nesterov()) {
            for (int i = 0; i < count; i++) {
                x[i] -= lr * ((g[i] + wd * x[i]) + mu * b[i]);
            }
        } else {
            for (int i = 0; i < count; i++) {
                x[i] -= lr * b[i];
            }
        }
    }

    @Override
    public String toString() {
        return "Sgd(learningRate=" + Args.show(learningRate()) + ", momentum=" + Args.show(config.momentum())
                + ", dampening=" + Args.show(config.dampening()) + ", weightDecay=" + Args.show(config.weightDecay())
                + ", nesterov=" + config.nesterov() + ")";
    }
}
