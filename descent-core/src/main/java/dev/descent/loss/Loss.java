package dev.descent.loss;

import dev.descent.tensor.Tensor;

/**
 * A loss function: compares a batch of predictions with targets and returns a differentiable scalar (or
 * per-element losses with {@link Reduction#NONE}). Targets for the classification losses are one-hot rows or
 * class probabilities; build them with {@code Tensor.oneHot}.
 */
public interface Loss {
    /** The loss of {@code prediction} against {@code target}. */
    Tensor apply(Tensor prediction, Tensor target);

    /** Short name, as the CLI spells it. */
    String name();

    /** The loss a user's name means, with its default reduction ({@link LossKind#parse}). */
    static Loss parse(String name) {
        return LossKind.parse(name).create();
    }
}
