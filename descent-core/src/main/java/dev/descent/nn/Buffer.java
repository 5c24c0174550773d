package dev.descent.nn;

import dev.descent.tensor.Tensor;

/**
 * A named tensor a layer keeps besides its parameters, which no optimizer moves but a checkpoint must save (PyTorch's
 * buffers), e.g. batch norm's {@code running_mean}.
 */
public record Buffer(String name, Tensor value) {
    public Buffer {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("buffer name must not be empty");
        }
        if (value == null) {
            throw new IllegalArgumentException("buffer '" + name + "' has no tensor");
        }
    }

    /** The same tensor under a container's prefix. */
    Buffer prefixed(String prefix) {
        return new Buffer(prefix + "." + name, value);
    }
}
