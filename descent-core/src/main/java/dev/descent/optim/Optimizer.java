package dev.descent.optim;

import dev.descent.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Moves parameters against their gradients: {@code x ← x − learningRate · (something made of the gradient)}.
 *
 * <p>Every optimizer owns the per-parameter state it needs (moments, accumulators, L-BFGS history), created lazily
 * on the first step, and exports it as named tensors for checkpoints: parameter {@code i}'s buffers are
 * {@code "i.NAME"} (e.g. {@code "0.momentum"}, {@code "3.exp_avg_sq"}, {@code "3.step"}), and {@code "step"} and
 * {@code "learningRate"} are 0-d F64 tensors. Loading that map into a fresh optimizer over the same parameters makes
 * it continue bitwise identically. State is kept in F64 whatever the parameters' dtype.
 */
public interface Optimizer {

    /** One update of every parameter from its {@link Tensor#grad()}; parameters whose gradient is null are skipped. */
    void step();

    /**
     * Evaluates the loss through {@code closure} (see {@link LossClosure} for its two styles) and updates the
     * parameters; returns the loss at the parameters the call started from. First-order optimizers evaluate once and
     * then {@link #step()}; L-BFGS and Newton evaluate as often as their method needs.
     */
    default double step(LossClosure closure) {
        double loss = Closures.evaluate(closure, parameters());
        step();
        return loss;
    }

    /**
     * Whether {@link #step(LossClosure)} evaluates the loss as often as its method needs (L-BFGS's line search,
     * Newton's Hessian), so a trainer must drive it through a closure rather than call {@link #step()} after its
     * own backward pass. False for first-order methods.
     */
    default boolean reevaluatesLoss() {
        return false;
    }

    /** Clears every parameter's gradient. */
    default void zeroGrad() {
        for (Tensor p : parameters()) {
            p.zeroGrad();
        }
    }

    /** The learning rate the next step will use. */
    double learningRate();

    /** Changes the learning rate (what schedules do); finite and >= 0 (0 freezes the parameters). */
    void setLearningRate(double learningRate);

    /** The parameters, in the order their state is numbered. */
    List<Tensor> parameters();

    /** A copy of the optimizer's state as named tensors (see the class comment). */
    Map<String, Tensor> state();

    /** Replaces the state with one exported by {@link #state()} of an optimizer of the same kind and parameters. */
    void loadState(Map<String, Tensor> state);
}
