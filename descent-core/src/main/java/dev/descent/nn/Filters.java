package dev.descent.nn;

import java.util.Arrays;
import java.util.Optional;

/**
 * A copy of the weights of a network's first convolution, {@code [out, in/groups, kH, kW]} row-major as PyTorch
 * stores them, with the largest magnitude among them: what a dashboard draws as one small image per output channel,
 * its colours scaled symmetric around 0 so that a weight and its negative look equally strong.
 *
 * @param shape  {@code [out, in/groups, kH, kW]}
 * @param values the weights, row-major
 * @param scale  the largest {@code |weight|}, or 1 when every weight is 0
 */
public record Filters(int[] shape, float[] values, double scale) {

    /** Checks that the values fill the shape. */
    public Filters {
        if (shape == null || shape.length != 4 || values == null
                || (long) shape[0] * shape[1] * shape[2] * shape[3] != values.length) {
            throw new IllegalArgumentException("filters need a shape [out, in, kH, kW] that the values fill, were "
                    + Arrays.toString(shape) + " and " + (values == null ? "null" : values.length + " values"));
        }
        shape = shape.clone();
        values = values.clone();
    }

    /** The filters of the first {@link Conv2d} of {@code model} (a {@link Sequential} or the layer itself), if any. */
    public static Optional<Filters> firstConvolution(Module model) {
        Module first = null;
        if (model instanceof Conv2d conv) {
            first = conv;
        } else if (model instanceof Sequential sequential) {
            first = sequential.layers().stream().filter(m -> m instanceof Conv2d).findFirst().orElse(null);
        }
        if (first == null) {
            return Optional.empty();
        }
        Conv2d conv = (Conv2d) first;
        double[] weights = conv.weight().toDoubleArray();
        float[] values = new float[weights.length];
        double scale = 0;
        for (int i = 0; i < weights.length; i++) {
            values[i] = (float) weights[i];
            scale = Math.max(scale, Math.abs(weights[i]));
        }
        return Optional.of(new Filters(conv.weight().shape(), values, scale > 0 ? scale : 1));
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public float[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Filters f && Arrays.equals(shape, f.shape) && Arrays.equals(values, f.values)
                && scale == f.scale;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
    }

    /** For example {@code Filters([8, 1, 3, 3], scale 0.41)}. */
    @Override
    public String toString() {
        return "Filters(" + Arrays.toString(shape) + ", scale " + (float) scale + ")";
    }
}
