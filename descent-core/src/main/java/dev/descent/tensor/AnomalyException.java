package dev.descent.tensor;

import java.util.List;

/**
 * The first NaN or infinity found while anomaly detection is on ({@code dev.descent.autograd.Anomaly.detect()}): in
 * the value an op computed (forward) or in a gradient an op's backward rule produced. Names the op, the shapes of
 * its inputs and the line of code outside the tensor package that created it.
 */
public final class AnomalyException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    private final String op;
    private final boolean backward;
    private final List<String> inputShapes;
    private final String createdAt;

    AnomalyException(String message, String op, boolean backward, List<String> inputShapes, String createdAt) {
        super(message);
        this.op = op;
        this.backward = backward;
        this.inputShapes = List.copyOf(inputShapes);
        this.createdAt = createdAt;
    }

    /** The op's name, e.g. {@code log}. */
    public String op() {
        return op;
    }

    /** True if a gradient (the op's backward rule) went bad, false if the op's value did. */
    public boolean inBackward() {
        return backward;
    }

    /** The shapes of the op's inputs, e.g. {@code [4, 3]}, in argument order. */
    public List<String> inputShapes() {
        return inputShapes;
    }

    /** Where the op was recorded: the first stack frame outside {@code dev.descent.tensor}, and the first user frame. */
    public String createdAt() {
        return createdAt;
    }
}
