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

    // Mutable only so that a Workspace can hand the same node to an op of its next opening (see reuse).
    private String op;
    private Tensor[] inputs;
    private BackwardRule rule;
    /** The tensor this node is the record of: a workspace may since have given the node to another tensor. */
    private Tensor output;
    /** The workspace the node came from, and its opening count then: the saved values are stale after it. */
    private final Workspace workspace;
    private int generation;
    /** The inputs' and then the output's {@link Tensor#version} when the op ran: what its backward rule assumes. */
    private int[] versions;

    Node(String op, Tensor[] inputs, BackwardRule rule, Tensor output, Workspace workspace, int generation) {
        this.op = op;
        this.inputs = inputs;
        this.rule = rule;
        this.output = output;
        this.workspace = workspace;
        this.generation = generation;
        this.versions = new int[inputs.length + 1];
        recordVersions();
    }

    private void recordVersions() {
        for (int i = 0; i < inputs.length; i++) {
            versions[i] = inputs[i] == null ? 0 : inputs[i].version[0];
        }
        versions[inputs.length] = output.version[0];
    }

    /**
     * Fails when an input or the output was changed in place ({@code setFlat}, {@code copyFrom}) after this op used
     * it: the backward rule would compute with the new values and give a wrong gradient.
     */
    void checkVersions() {
        for (int i = 0; i <= inputs.length; i++) {
            Tensor t = i < inputs.length ? inputs[i] : output;
            if (t != null && t.version[0] != versions[i]) {
                String which = i < inputs.length ? "input " + i : "its result";
                String named = t.name() == null ? "" : " ('" + t.name() + "')";
                throw new IllegalStateException("backward through '" + op + "': " + which + named + " was modified in"
                        + " place (setFlat or copyFrom) after '" + op + "' used it (version " + versions[i] + ", now "
                        + t.version[0] + "), so its gradient would be wrong; change values before the forward pass,"
                        + " or compute on a copy()");
            }
        }
    }

    /** Makes this workspace node the record of a new op; {@code inputs} is copied, into the same array if it fits. */
    void reuse(String op, Tensor[] inputs, BackwardRule rule, Tensor output, int generation) {
        this.op = op;
        if (this.inputs.length == inputs.length) {
            System.arraycopy(inputs, 0, this.inputs, 0, inputs.length);
        } else {
            this.inputs = inputs.clone();
        }
        this.rule = rule;
        this.output = output;
        this.generation = generation;
        if (versions.length != inputs.length + 1) {
            versions = new int[inputs.length + 1];
        }
        recordVersions();
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

    /**
     * Fails if the op ran in a workspace that has been opened again since (its saved values are reused), or if the
     * workspace has handed this node to another op than the one that made {@code owner}.
     */
    void checkCurrent(Tensor owner) {
        if (workspace != null && (workspace.generation() != generation || output != owner)) {
            throw new IllegalStateException("backward through '" + op + "': the graph was recorded in an earlier step"
                    + " of a Workspace, which has reused its values since it was opened again; run backward in the"
                    + " step that built the graph");
        }
    }

    BackwardRule rule() {
        if (workspace != null && workspace.generation() != generation) {
            checkCurrent(output);
        }
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
