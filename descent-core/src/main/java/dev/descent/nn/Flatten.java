package dev.descent.nn;

import dev.descent.tensor.Tensor;

/** Flattens every axis after the first: (N, C, H, W) → (N, C·H·W), as PyTorch's {@code nn.Flatten()}. No parameters. */
public final class Flatten implements Module {
    private static final Flatten INSTANCE = new Flatten();

    private Flatten() {
    }

    public static Flatten of() {
        return INSTANCE;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() < 1) {
            throw new IllegalArgumentException("Flatten: expected at least one axis, got a scalar");
        }
        return input.dim() == 2 ? input : input.reshape(input.size(0), -1);
    }

    @Override
    public String toString() {
        return "Flatten()";
    }
}
