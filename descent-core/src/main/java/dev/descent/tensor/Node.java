package dev.descent.tensor;

import java.util.List;

/**
 * The record an op leaves on the tensor it produced: the op's name, its inputs, and the rule that turns the
 * gradient of the output into gradients of the inputs (MiniFlow's node, PyTorch's {@code grad_fn}). Released
 * after a backward pass unless the graph is retained.
 */
public final class Node {
    /** Turns the upstream gradient into one gradient per input (null where an input gets none). */
    @FunctionalInterface
    interface BackwardRule {
        Tensor[] apply(Tensor upstream);
    }

    private final String op;
    private final Tensor[] inputs;
    private BackwardRule rule;

    Node(String op, Tensor[] inputs, BackwardRule rule) {
        this.op = op;
        this.inputs = inputs;
        this.rule = rule;
    }

    /** The op's name, e.g. {@code mul} or {@code matmul}. */
    public String op() {
        return op;
    }

    /** The op's inputs, in argument order. */
    public List<Tensor> inputs() {
        return List.of(inputs);
    }

    Tensor[] inputArray() {
        return inputs;
    }

    /** True once a backward pass has freed this node's saved values. */
    public boolean isReleased() {
        return rule == null;
    }

    BackwardRule rule() {
        if (rule == null) {
            throw new IllegalStateException("backward through '" + op + "' a second time: the graph was released by"
                    + " the first backward; pass retainGraph=true to the first call to keep it");
        }
        return rule;
    }

    void release() {
        rule = null;
    }

    @Override
    public String toString() {
        return "<" + op + ">";
    }
}
