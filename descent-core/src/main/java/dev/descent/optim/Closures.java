package dev.descent.optim;

import dev.descent.tensor.Tensor;
import java.util.List;

/** Runs a {@link LossClosure} in either of its styles and leaves the gradients in the parameters. */
final class Closures {
    private Closures() {
    }

    /** Zeroes the gradients, evaluates the closure, backpropagates unless the closure already did; the loss value. */
    static double evaluate(LossClosure closure, List<Tensor> parameters) {
        return backward(loss(closure, parameters));
    }

    /** Zeroes the gradients and evaluates the closure, checking that it returned one value. */
    static Tensor loss(LossClosure closure, List<Tensor> parameters) {
        for (Tensor p : parameters) {
            p.zeroGrad();
        }
        Tensor loss = closure.evaluate();
        if (loss == null || loss.numel() != 1) {
            throw new IllegalArgumentException("closure must return a one-element loss tensor, got "
                    + (loss == null ? "null" : "shape " + java.util.Arrays.toString(loss.shape())));
        }
        return loss;
    }

    /** Backpropagates from {@code loss} unless its graph was already used by a PyTorch-style closure. */
    static double backward(Tensor loss) {
        if (hasLiveGraph(loss)) {
            loss.backward();
        }
        return loss.item();
    }

    /** True if {@code loss} can still be differentiated (its graph has not been released by a backward pass). */
    static boolean hasLiveGraph(Tensor loss) {
        return loss.requiresGrad() && loss.gradFn() != null && !loss.gradFn().isReleased();
    }
}
