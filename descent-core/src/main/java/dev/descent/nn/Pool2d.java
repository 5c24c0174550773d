package dev.descent.nn;

import dev.descent.tensor.Tensor;
import java.util.Arrays;

/**
 * 2-d max or average pooling over k×k windows: (N, C, H, W) → (N, C, ⌊(H + 2·padding − k)/stride⌋ + 1, …), as
 * PyTorch's {@code MaxPool2d} and {@code AvgPool2d} (the average counts padding as zeros). No parameters.
 */
public final class Pool2d implements Module {
    /** Which statistic of a window the layer keeps. */
    public enum Kind {
        MAX("MaxPool2d", "maxpool"),
        AVERAGE("AvgPool2d", "avgpool");

        private final String className;
        private final String label;

        Kind(String className, String label) {
            this.className = className;
            this.label = label;
        }

        /** The name in architecture strings, e.g. {@code maxpool}. */
        public String label() {
            return label;
        }
    }

    private final Kind kind;
    private final int kernel;
    private final int stride;
    private final int padding;

    private Pool2d(Kind kind, int kernel, int stride, int padding) {
        this.kind = kind;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }

    /** PyTorch's {@code MaxPool2d(kernel)}: stride = kernel, no padding. */
    public static Pool2d max(int kernel) {
        return of(Kind.MAX, kernel, kernel, 0);
    }

    /** PyTorch's {@code AvgPool2d(kernel)}: stride = kernel, no padding. */
    public static Pool2d average(int kernel) {
        return of(Kind.AVERAGE, kernel, kernel, 0);
    }

    /** A pooling layer with every option; padding at most kernel/2, as PyTorch requires. */
    public static Pool2d of(Kind kind, int kernel, int stride, int padding) {
        if (kind == null) {
            throw new IllegalArgumentException("Pool2d: kind is null; pass Pool2d.Kind.MAX or AVERAGE");
        }
        if (kernel < 1 || stride < 1 || padding < 0 || padding > kernel / 2) {
            throw new IllegalArgumentException(kind.className + ": need kernel >= 1, stride >= 1 and"
                    + " 0 <= padding <= kernel/2, got kernel=" + kernel + ", stride=" + stride + ", padding=" + padding);
        }
        return new Pool2d(kind, kernel, stride, padding);
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() != 4) {
            throw new IllegalArgumentException(this + ": expected input [N, C, H, W], got "
                    + Arrays.toString(input.shape()));
        }
        return kind == Kind.MAX ? input.maxPool2d(kernel, stride, padding) : input.avgPool2d(kernel, stride, padding);
    }

    public Kind kind() {
        return kind;
    }

    public int kernel() {
        return kernel;
    }

    public int stride() {
        return stride;
    }

    public int padding() {
        return padding;
    }

    @Override
    public String toString() {
        return kind.className + "(kernel=" + kernel + ", stride=" + stride + ", padding=" + padding + ")";
    }
}
