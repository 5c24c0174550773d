package dev.descent.optim;

import dev.descent.tensor.Tensor;
import java.util.List;

/**
 * AdamW: Adam with decoupled weight decay (Loshchilov &amp; Hutter, "Decoupled Weight Decay Regularization", ICLR
 * 2019), as in PyTorch's {@code AdamW}. Per element, at step t = 1, 2, …:
 * <pre>
 *   x ← x · (1 − learningRate · weightDecay)          (decay applied to the weights, not added to g)
 *   m ← beta1 · m + (1 − beta1) · g
 *   v ← beta2 · v + (1 − beta2) · g²
 *   v̂ ← max(v̂, v)                                    (amsgrad; v̂ is used below in place of v)
 *   x ← x − (learningRate / (1 − beta1ᵗ)) · m / (√v / √(1 − beta2ᵗ) + eps)
 * </pre>
 * <ul>
 *   <li>{@code learningRate} — step size (default 0.001).</li>
 *   <li>{@code beta1}, {@code beta2} — moment decays (defaults 0.9, 0.999).</li>
 *   <li>{@code eps} — added to the bias-corrected √v (default 1e-8).</li>
 *   <li>{@code weightDecay} — decoupled decay rate (default 0.01).</li>
 *   <li>{@code amsgrad} — use the running maximum of v (default false).</li>
 * </ul>
 * Like PyTorch, the decay is multiplied by the learning rate (the paper scales it by the schedule multiplier only).
 * State as {@link Adam}.
 */
public final class AdamW extends ElementwiseOptimizer {
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

        /** PyTorch's defaults with the given learning rate (weight decay 0.01). */
        public static Config of(double learningRate) {
            return new Config(learningRate, 0.9, 0.999, 1e-8, 0.01, false);
        }
    }

    private AdamW(List<Tensor> parameters, Config config) {
        super(parameters, config.learningRate(), Adam.names(config.amsgrad()));
        this.config = config;
    }

    /** AdamW with the defaults (learning rate 0.001, weight decay 0.01). */
    public static AdamW of(List<Tensor> parameters) {
        return of(parameters, 1e-3);
    }

    public static AdamW of(List<Tensor> parameters, double learningRate) {
        return new AdamW(parameters, Config.of(learningRate));
    }

    public static AdamW of(List<Tensor> parameters, Config config) {
        return new AdamW(parameters, config);
    }

    public Config config() {
        return config;
    }

    @Override
    void update(double[] x, double[] g, double[][] buffers, long step, int count, double lr) {
        double decay = 1 - lr * config.weightDecay();
        for (int i = 0; i < count; i++) {
            x[i] *= decay;
        }
        Adam.step(x, g, buffers, step, count, lr, config.beta1(), config.beta2(), config.eps(), 0);
    }

    @Override
    public String toString() {
        return "AdamW(learningRate=" + Args.show(learningRate()) + ", beta1=" + Args.show(config.beta1())
                + ", beta2=" + Args.show(config.beta2()) + ", eps=" + Args.show(config.eps()) + ", weightDecay="
                + Args.show(config.weightDecay()) + ", amsgrad=" + config.amsgrad() + ")";
    }
}
