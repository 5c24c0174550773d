package dev.descent.loss;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The losses by the names users type, each described once: its factory (with the default reduction), the other
 * names it answers to, and what it expects of the model's output, so that a face can pick the output layer. The
 * command line and any other face read this list instead of keeping their own.
 */
public enum LossKind {
    MSE("mse"),
    SSE("sse"),
    /** Nielsen's quadratic cost ½‖y − a‖², mean over examples. */
    QUADRATIC("quadratic"),
    L1("l1", "mae"),
    /** Huber with δ = 1. */
    HUBER("huber"),
    BCE("bce"),
    BCE_LOGITS("bce-logits", "bce-with-logits"),
    CROSS_ENTROPY("cross-entropy", "ce", "softmax-cross-entropy"),
    NLL("nll");

    private final String label;
    private final List<String> aliases;

    LossKind(String label, String... aliases) {
        this.label = label;
        this.aliases = List.of(aliases);
    }

    /** The name users type, e.g. {@code cross-entropy}. */
    public String label() {
        return label;
    }

    /** A fresh loss of this kind with its default reduction. */
    public Loss create() {
        return switch (this) {
            case MSE -> Losses.mse();
            case SSE -> Losses.sse();
            case QUADRATIC -> Losses.quadratic();
            case L1 -> Losses.l1();
            case HUBER -> Losses.huber(1.0);
            case BCE -> Losses.binaryCrossEntropy();
            case BCE_LOGITS -> Losses.binaryCrossEntropyWithLogits();
            case CROSS_ENTROPY -> Losses.crossEntropy();
            case NLL -> Losses.negativeLogLikelihood();
        };
    }

    /** Whether it is a squared error (quadratic, mse, sse): the losses Nielsen's learning rates were chosen for. */
    public boolean squaredError() {
        return this == QUADRATIC || this == MSE || this == SSE;
    }

    /** Whether it applies softmax or sigmoid itself, so the model should output raw scores (logits). */
    public boolean takesLogits() {
        return this == CROSS_ENTROPY || this == BCE_LOGITS;
    }

    /** Whether it expects log-probabilities (the output of a log-softmax layer). */
    public boolean takesLogProbabilities() {
        return this == NLL;
    }

    /** Every label, in declaration order. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(LossKind::label).toList();
    }

    /** The kind a user's name (or one of its other names) means, ignoring case, blanks and '_' for '-'. */
    public static LossKind parse(String name) {
        String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        for (LossKind k : values()) {
            if (k.label.equals(key) || k.aliases.contains(key)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown loss '" + name + "'; expected one of "
                + String.join(", ", labels()));
    }
}
