package dev.descent.optim;

import dev.descent.tensor.Tensor;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Reads an exported optimizer state back, checking names and sizes and that no entry is left unused. */
final class StateReader {
    private final Map<String, Tensor> state;
    private final String owner;
    private final Set<String> used = new HashSet<>();

    StateReader(Map<String, Tensor> state, String owner) {
        this.state = Objects.requireNonNull(state, "state");
        this.owner = owner;
    }

    boolean has(String name) {
        return state.containsKey(name);
    }

    Tensor get(String name) {
        Tensor t = state.get(name);
        if (t == null) {
            throw new IllegalArgumentException("loadState: " + owner + " state has no entry '" + name + "'");
        }
        used.add(name);
        return t;
    }

    double scalar(String name) {
        Tensor t = get(name);
        if (t.numel() != 1) {
            throw new IllegalArgumentException("loadState: " + owner + " state entry '" + name
                    + "' must hold one value, has " + t.numel());
        }
        return t.getFlat(0);
    }

    long count(String name) {
        double v = scalar(name);
        if (!(v >= 0) || v != Math.rint(v)) {
            throw new IllegalArgumentException("loadState: " + owner + " state entry '" + name
                    + "' must be a count >= 0, was " + v);
        }
        return (long) v;
    }

    /** Copies the entry's values into {@code target}, which fixes the expected size. */
    void into(String name, double[] target) {
        Tensor t = get(name);
        if (t.numel() != target.length) {
            throw new IllegalArgumentException("loadState: " + owner + " state entry '" + name + "' has "
                    + t.numel() + " values, expected " + target.length);
        }
        for (int i = 0; i < target.length; i++) {
            target[i] = t.getFlat(i);
        }
    }

    /** The entry's values as a new array of any length. */
    double[] values(String name) {
        Tensor t = get(name);
        return t.toDoubleArray();
    }

    void checkAllUsed() {
        for (String name : state.keySet()) {
            if (!used.contains(name)) {
                throw new IllegalArgumentException("loadState: unknown entry '" + name + "' for " + owner);
            }
        }
    }
}
