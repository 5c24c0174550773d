package dev.descent.optim;

import dev.descent.tensor.Tensor;
import java.util.List;

/**
 * Adam (Kingma &amp; Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015) with the AMSGrad variant (Reddi,
 * Kale &amp; Kumar, "On the Convergence of Adam and Beyond", ICLR 2018), as in PyTorch's {@code Adam}. Per element,
 * at step t = 1, 2, …:
 * <pre>
 *   g ← g + weightDecay · x                          (L2 penalty, if weightDecay ≠ 0; see {@link AdamW})
 *   m ← beta1 · m + (1 − beta1) · g
 *   v ← beta2 · v + (1 − beta2) · g²
 *   v̂ ← max(v̂, v)                                    (amsgrad; v̂ is used below in place of v)
 *   x ← x − (learningRate / (1 − beta1ᵗ)) · m / (√v / √(1 − beta2ᵗ) + eps)
 * </pre>
 * <ul>
 *   <li>{@code learningRate} — step size (default 0.001).</li>
 *   <li>{@code beta1}, {@code beta2} — decay of the first and second moment estimates (defaults 0.9, 0.999).</li>
 *   <li>{@code eps} — added to the bias-corrected √v (default 1e-8).</li>
 *   <li>{@code weightDecay} — L2 penalty coefficient added to the gradient (default 0).</li>
 *   <li>{@code amsgrad} — use the running maximum of v (default false).</li>
 * </ul>
 * As in PyTorch, eps is added after the bias correction of √v (the paper's Algorithm 1), and the AMSGrad maximum is
 * taken over the uncorrected v. State: {@code "i.exp_avg"} (m), {@code "i.exp_avg_sq"} (v),
 * {@code "i.max_exp_avg_sq"} (v̂, if amsgrad), {@code "i.step"} (t).
 */
public final class Adam extends ElementwiseOptimizer {
    private final Config config;

    /** Configuration; validated on construction. */
    public record Config(double learningRate, double beta1, double beta2, double eps, double weightDecay,
                         boolean amsgrad) {
        public Config {
            Args.positive("learningRate", learningRate);
            Args.unitInterval("beta1", beta1);
            Args.unitInterval("beta2", beta2);
            Args.positive("eps", eps);
            Args.nonNegative("weightDecay", weightDecay);
        }

        /** PyTorch's defaults with the given learning rate. */
        public static Config of(double learningRate) {
            return new Config(learningRate, 0.9, 0.999, 1e-8, 0, false);
        }
    }

    private Adam(List<Tensor> parameters, Config config) {
        super(parameters, config.learningRate(), names(config.amsgrad()));
        this.config = config;
    }

    static String[] names(boolean amsgrad) {
        return amsgrad ? new String[] {"exp_avg", "exp_avg_sq", "max_exp_avg_sq"}
                : new String[] {"exp_avg", "exp_avg_sq"};
    }

    /** Adam with the defaults (learning rate 0.001). */
    public static Adam of(List<Tensor> parameters) {
        return of(parameters, 1e-3);
    }

    public static Adam of(List<Tensor> parameters, double learningRate) {
        return new Adam(parameters, Config.of(learningRate));
    }

    public static Adam of(List<Tensor> parameters, Config config) {
        return new Adam(parameters, config);
    }

    public Config config() {
        return config;
    }

    @Override
    void update(double[] x, double[] g, double[][] buffers, long step, int count, double lr) {
        step(x, g, buffers, step, count, lr, config.beta1(), config.beta2(), config.eps(), config.weightDecay());
    }

    /** The Adam update shared with {@link AdamW} (which passes l2 = 0 after its own decay). */
    static void step(double[] x, double[] g, double[][] buffers, long step, int count, double lr, double beta1,
                     double beta2, double eps, double l2) {
        double[] m = buffers[0];
        double[] v = buffers[1];
        double[] vMax = buffers.length > 2 ? buffers[2] : null;
        double stepSize = lr / (1 - Math.pow(beta1, step));
        double correction2 = Math.sqrt(1 - Math.pow(beta2, step));
        for (int i = 0; i < count; i++) {
            double gi = g[i] + l2 * x[i];
            m[i] = beta1 * m[i] + (1 - beta1) * gi;
            v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
            double second = v[i];
            if (vMax != null) {
                vMax[i] = Math.max(vMax[i], v[i]);
                second = vMax[i];
            }
            x[i] -= stepSize * m[i] / (Math.sqrt(second) / correction2 + eps);
        }
    }

    @Override
    public String toString() {
        return "Adam(learningRate=" + Args.show(learningRate()) + ", beta1=" + Args.show(config.beta1())
                + ", beta2=" + Args.show(config.beta2()) + ", eps=" + Args.show(config.eps()) + ", weightDecay="
                + Args.show(config.weightDecay()) + ", amsgrad=" + config.amsgrad() + ")";
    }
}
