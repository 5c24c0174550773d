package dev.descent.optim.schedule;

import dev.descent.optim.Optimizer;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Lowers the learning rate when a validation metric stops improving (PyTorch's {@code ReduceLROnPlateau}). After
 * each epoch's metric m:
 * <pre>
 *   improved ← m &lt; best · (1 − threshold)   (MIN, REL)     m &lt; best − threshold   (MIN, ABS)
 *              m &gt; best · (1 + threshold)   (MAX, REL)     m &gt; best + threshold   (MAX, ABS)
 *   if improved: best ← m, badEpochs ← 0   else badEpochs ← badEpochs + 1
 *   if cooling down: cooldownLeft ← cooldownLeft − 1, badEpochs ← 0
 *   if badEpochs &gt; patience: lr ← max(lr · factor, minLr) (unless that changes lr by ≤ eps),
 *                            cooldownLeft ← cooldown, badEpochs ← 0
 * </pre>
 * It is stateful: one instance per training run; {@link #state()} exports {@code best}, {@code bad_epochs} and
 * {@code cooldown_left} for checkpoints.
 */
public final class ReduceOnPlateau implements Schedule {

    /** Whether smaller (a loss) or larger (an accuracy) metrics are better. */
    public enum Mode { MIN, MAX }

    /** Whether {@code threshold} is relative to the best value or absolute. */
    public enum ThresholdMode { REL, ABS }

    /**
     * Configuration; validated on construction.
     *
     * @param mode          MIN or MAX (default MIN)
     * @param factor        multiplier of the learning rate on a plateau, in (0, 1) (default 0.1)
     * @param patience      bad epochs tolerated before reducing (default 10)
     * @param threshold     least change that counts as an improvement (default 1e-4)
     * @param thresholdMode REL or ABS (default REL)
     * @param cooldown      epochs after a reduction during which bad epochs are not counted (default 0)
     * @param minLr         lower bound of the learning rate (default 0)
     * @param eps           reductions smaller than this are skipped (default 1e-8)
     */
    public record Config(Mode mode, double factor, int patience, double threshold, ThresholdMode thresholdMode,
                         int cooldown, double minLr, double eps) {
        public Config {
            Objects.requireNonNull(mode, "mode");
            if (!(factor > 0 && factor < 1)) {
                throw new IllegalArgumentException("factor must be in (0, 1), was " + factor);
            }
            if (patience < 0) {
                throw new IllegalArgumentException("patience must be >= 0, was " + patience);
            }
            Schedules.nonNegative("threshold", threshold);
            Objects.requireNonNull(thresholdMode, "thresholdMode");
            if (cooldown < 0) {
                throw new IllegalArgumentException("cooldown must be >= 0, was " + cooldown);
            }
            Schedules.nonNegative("minLr", minLr);
            Schedules.nonNegative("eps", eps);
        }

        /** PyTorch's defaults. */
        public static Config defaults() {
            return new Config(Mode.MIN, 0.1, 10, 1e-4, ThresholdMode.REL, 0, 0, 1e-8);
        }

        /** Minimizing, with the given factor and patience and the other defaults. */
        public static Config of(double factor, int patience) {
            return new Config(Mode.MIN, factor, patience, 1e-4, ThresholdMode.REL, 0, 0, 1e-8);
        }
    }

    private final Config config;
    private double best;
    private int badEpochs;
    private int cooldownLeft;

    private ReduceOnPlateau(Config config) {
        this.config = Objects.requireNonNull(config, "config");
        this.best = config.mode() == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    public static ReduceOnPlateau of(Config config) {
        return new ReduceOnPlateau(config);
    }

    /** Minimizing, with the given factor and patience. */
    public static ReduceOnPlateau of(double factor, int patience) {
        return new ReduceOnPlateau(Config.of(factor, patience));
    }

    /** Reacts to the last epoch's metric; does nothing when it is NaN (no metric yet). */
    @Override
    public void apply(Optimizer optimizer, int t, double metric) {
        if (!Double.isNaN(metric)) {
            step(optimizer, metric);
        }
    }

    /** Records one epoch's metric and lowers the optimizer's learning rate on a plateau. */
    public void step(Optimizer optimizer, double metric) {
        if (Double.isNaN(metric)) {
            throw new IllegalArgumentException("metric must not be NaN");
        }
        if (improves(metric)) {
            best = metric;
            badEpochs = 0;
        } else {
            badEpochs++;
        }
        if (cooldownLeft > 0) {
            cooldownLeft--;
            badEpochs = 0;
        }
        if (badEpochs > config.patience()) {
            double old = optimizer.learningRate();
            double reduced = Math.max(old * config.factor(), config.minLr());
            if (old - reduced > config.eps()) {
                optimizer.setLearningRate(reduced);
            }
            cooldownLeft = config.cooldown();
            badEpochs = 0;
        }
    }

    private boolean improves(double metric) {
        double th = config.threshold();
        boolean rel = config.thresholdMode() == ThresholdMode.REL;
        if (config.mode() == Mode.MIN) {
            return metric < (rel ? best * (1 - th) : best - th);
        }
        return metric > (rel ? best * (1 + th) : best + th);
    }

    /** The best metric seen so far (±infinity before the first). */
    public double best() {
        return best;
    }

    /** Consecutive epochs without improvement, as counted now. */
    public int badEpochs() {
        return badEpochs;
    }

    @Override
    public Map<String, Tensor> state() {
        Map<String, Tensor> state = new LinkedHashMap<>();
        state.put("best", Tensor.scalar(best, DType.F64));
        state.put("bad_epochs", Tensor.scalar(badEpochs, DType.F64));
        state.put("cooldown_left", Tensor.scalar(cooldownLeft, DType.F64));
        return state;
    }

    @Override
    public void loadState(Map<String, Tensor> state) {
        best = read(state, "best");
        badEpochs = (int) read(state, "bad_epochs");
        cooldownLeft = (int) read(state, "cooldown_left");
    }

    private static double read(Map<String, Tensor> state, String key) {
        Tensor t = state.get(key);
        if (t == null || t.numel() != 1) {
            throw new IllegalArgumentException("ReduceOnPlateau state: expected a single value '" + key + "', got "
                    + (t == null ? "none" : java.util.Arrays.toString(t.shape())) + " (keys " + state.keySet() + ")");
        }
        return t.item();
    }

    public Config config() {
        return config;
    }

    @Override
    public String toString() {
        return "ReduceOnPlateau(mode=" + config.mode() + ", factor=" + config.factor() + ", patience="
                + config.patience() + ", threshold=" + config.threshold() + ", thresholdMode="
                + config.thresholdMode() + ", cooldown=" + config.cooldown() + ", minLr=" + config.minLr()
                + ", eps=" + config.eps() + ")";
    }
}
