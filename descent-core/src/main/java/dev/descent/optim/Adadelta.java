package dev.descent.optim;

import dev.descent.tensor.Tensor;
import java.util.List;

/**
 * Adadelta (Zeiler, "ADADELTA: An Adaptive Learning Rate Method", arXiv:1212.5701, 2012), as in PyTorch's
 * {@code Adadelta}. Per element:
 * <pre>
 *   g ← g + weightDecay · x                          (if weightDecay ≠ 0)
 *   v ← rho · v + (1 − rho) · g²
 *   Δ ← √(u + eps) / √(v + eps) · g
 *   u ← rho · u + (1 − rho) · Δ²
 *   x ← x − learningRate · Δ
 * </pre>
 * <ul>
 *   <li>{@code learningRate} — scales Δ (default 1.0; the paper has no learning rate, i.e. 1).</li>
 *   <li>{@code rho} — decay of both running averages (default 0.9).</li>
 *   <li>{@code eps} — added inside both square roots (default 1e-6).</li>
 *   <li>{@code weightDecay} — L2 penalty coefficient (default 0).</li>
 * </ul>
 * State: {@code "i.square_avg"} (v), {@code "i.acc_delta"} (u).
 */
public final class Adadelta extends ElementwiseOptimizer {
    private final Config config;

    /** Configuration; validated on construction. */
    public record Config(double learningRate, double rho, double eps, double weightDecay) {
        public Config {
            Args.positive("learningRate", learningRate);
            Args.closedUnitInterval("rho", rho);
            Args.positive("eps", eps);
            Args.nonNegative("weightDecay", weightDecay);
        }

        /** PyTorch's defaults with the given learning rate. */
        public static Config of(double learningRate) {
            return new Config(learningRate, 0.9, 1e-6, 0);
        }
    }

    private Adadelta(List<Tensor> parameters, Config config) {
        super(parameters, config.learningRate(), "square_avg", "acc_delta");
        this.config = config;
    }

    /** Adadelta with the defaults (learning rate 1.0). */
    public static Adadelta of(List<Tensor> parameters) {
        return of(parameters, 1.0);
    }

    public static Adadelta of(List<Tensor> parameters, double learningRate) {
        return new Adadelta(parameters, Config.of(learningRate));
    }

    public static Adadelta of(List<Tensor> parameters, Config config) {
        return new Adadelta(parameters, config);
    }

    public Config config() {
        return config;
    }

    @Override
    void update(double[] x, double[] g, double[][] buffers, long step, int count, double lr) {
        double[] v = buffers[0];
        double[] u = buffers[1];
        double rho = config.rho();
        double eps = config.eps();
        double wd = config.weightDecay();
        for (int i = 0; i < count; i++) {
            double gi = g[i] + wd * x[i];
            v[i] = rho * v[i] + (1 - rho) * gi * gi;
            double delta = Math.sqrt(u[i] + eps) / Math.sqrt(v[i] + eps) * gi;
            u[i] = rho * u[i] + (1 - rho) * delta * delta;
            x[i] -= lr * delta;
        }
    }

    @Override
    public String toString() {
        return "Adadelta(learningRate=" + Args.show(learningRate()) + ", rho=" + Args.show(config.rho())
                + ", eps=" + Args.show(config.eps()) + ", weightDecay=" + Args.show(config.weightDecay()) + ")";
    }
}
