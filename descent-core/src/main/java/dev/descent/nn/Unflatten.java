package dev.descent.nn;

import dev.descent.tensor.Tensor;
import java.util.Arrays;

/**
 * Gives each row of a batch a shape: (N, C·H·W) → (N, C, H, W), as PyTorch's {@code nn.Unflatten(1, (C, H, W))}. A
 * convolutional model starts with it so that data sets of flat rows (MNIST's 784 pixels) feed it images. No
 * parameters.
 */
public final class Unflatten implements Module {
    private final int[] shape;

    private Unflatten(int[] shape) {
        this.shape = shape;
    }

    /** Rows become tensors of {@code shape}, e.g. {@code Unflatten.of(1, 28, 28)}. */
    public static Unflatten of(int... shape) {
        if (shape == null || shape.length == 0 || Arrays.stream(shape).anyMatch(s -> s < 1)) {
            throw new IllegalArgumentException("Unflatten: the shape must be positive sizes, got "
                    + Arrays.toString(shape));
        }
        return new Unflatten(shape.clone());
    }

    /** The shape of one row, e.g. [1, 28, 28]. */
    public int[] shape() {
        return shape.clone();
    }

    /** The number of values of one row. */
    public int size() {
        return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() != 2 || input.size(1) != size()) {
            throw new IllegalArgumentException(this + ": expected input [N, " + size() + "], got "
                    + Arrays.toString(input.shape()));
        }
        int[] full = new int[shape.length + 1];
        full[0] = input.size(0);
        System.arraycopy(shape, 0, full, 1, shape.length);
        return input.reshape(full);
    }

    @Override
    public String toString() {
        return "Unflatten(" + Arrays.toString(shape) + ")";
    }
}
