package dev.descent.optim;

import dev.descent.tensor.Tensor;

/**
 * Re-evaluates the loss at the current parameter values, for optimizers that need more than one evaluation per
 * step (L-BFGS) or second derivatives (Newton).
 *
 * <p>Two styles are accepted. The short one only computes and returns the loss; the optimizer zeroes the gradients
 * and calls {@code backward()}. The PyTorch one zeroes the gradients, computes the loss, calls {@code backward()}
 * itself and returns the loss; the optimizer sees that the loss's graph was released and does not backpropagate
 * again. {@link Newton} needs the short style, since it differentiates the loss twice.
 */
@FunctionalInterface
public interface LossClosure {
    /** The loss (a one-element tensor) at the current parameter values. */
    Tensor evaluate();
}
