package dev.descent.nn;

import dev.descent.tensor.Tensor;

/** A named learnable tensor (a leaf that requires grad), e.g. {@code 0.weight}. */
public record Parameter(String name, Tensor value) {
    public Parameter {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("parameter name must not be empty");
        }
        if (!value.isLeaf() || !value.requiresGrad()) {
            throw new IllegalArgumentException("parameter '" + name + "' must be a leaf tensor that requires grad");
        }
    }

    /** The same tensor under a container's prefix. */
    Parameter prefixed(String prefix) {
        return new Parameter(prefix + "." + name, value);
    }
}
