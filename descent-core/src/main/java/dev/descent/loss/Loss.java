package dev.descent.loss;

import dev.descent.tensor.Tensor;
import java.util.Locale;

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

    /** Parses a CLI name: mse, sse, quadratic, l1, huber, bce, bce-logits, cross-entropy (or ce), nll. */
    static Loss parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "mse" -> Losses.mse();
            case "sse" -> Losses.sse();
            case "quadratic" -> Losses.quadratic();
            case "l1", "mae" -> Losses.l1();
            case "huber" -> Losses.huber(1.0);
            case "bce" -> Losses.binaryCrossEntropy();
            case "bce-logits", "bce-with-logits" -> Losses.binaryCrossEntropyWithLogits();
            case "cross-entropy", "ce", "softmax-cross-entropy" -> Losses.crossEntropy();
            case "nll" -> Losses.negativeLogLikelihood();
            default -> throw new IllegalArgumentException("unknown loss '" + name
                    + "'; expected mse, sse, quadratic, l1, huber, bce, bce-logits, cross-entropy or nll");
        };
    }
}
