package dev.descent.nn;

import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import java.util.Arrays;

/**
 * The recipe of a multi-layer perceptron, with named options in place of positional flags:
 * {@code Mlp.of(784, 30, 10).withActivation(Activation.tanh()).withSeed(42).build()}. Defaults are PyTorch's habits:
 * ReLU between the Linear layers, raw outputs (logits, for {@code Losses.crossEntropy()}) after the last, weights
 * and biases U(−1/√in, 1/√in), F32, seed 0.
 *
 * @param sizes      layer widths from input to output, at least two, each positive
 * @param activation the nonlinearity between Linear layers
 * @param output     what follows the last Linear layer; {@link Activation#identity()} adds no layer
 * @param init       how the weights start
 * @param dtype      the number type of the weights
 * @param seed       the seed of the initial weights
 */
public record Mlp(int[] sizes, Activation activation, Activation output, Init init, DType dtype, long seed) {
    public Mlp {
        if (sizes == null || sizes.length < 2) {
            throw new IllegalArgumentException("Mlp: sizes must hold at least an input and an output width, e.g."
                    + " Mlp.of(784, 30, 10); got " + Arrays.toString(sizes));
        }
        for (int size : sizes) {
            if (size < 1) {
                throw new IllegalArgumentException("Mlp: every width must be > 0, got " + Arrays.toString(sizes));
            }
        }
        sizes = sizes.clone();
        if (activation == null) {
            throw new IllegalArgumentException("Mlp: activation is null; pass e.g. Activation.relu()");
        }
        if (output == null) {
            throw new IllegalArgumentException("Mlp: output is null; for raw outputs (logits) use"
                    + " Activation.identity(), the default");
        }
        if (init == null) {
            throw new IllegalArgumentException("Mlp: init is null; pass e.g. Init.HE_NORMAL or Init.UNIFORM_FAN_IN");
        }
        if (dtype == null) {
            throw new IllegalArgumentException("Mlp: dtype is null; pass DType.F32 or DType.F64");
        }
    }

    /** Widths from input to output with the defaults above. */
    public static Mlp of(int... sizes) {
        return new Mlp(sizes, Activation.relu(), Activation.identity(), Init.UNIFORM_FAN_IN, DType.F32, 0);
    }

    @Override
    public int[] sizes() {
        return sizes.clone();
    }

    /** The same recipe with {@code hidden} between the Linear layers. */
    public Mlp withActivation(Activation hidden) {
        return new Mlp(sizes, hidden, output, init, dtype, seed);
    }

    /** The same recipe with {@code last} after the last Linear layer (e.g. {@link Activation#sigmoid()}). */
    public Mlp withOutput(Activation last) {
        return new Mlp(sizes, activation, last, init, dtype, seed);
    }

    /** The same recipe with weights from {@code weights}. */
    public Mlp withInit(Init weights) {
        return new Mlp(sizes, activation, output, weights, dtype, seed);
    }

    /** The same recipe in {@code type}. */
    public Mlp withDType(DType type) {
        return new Mlp(sizes, activation, output, init, type, seed);
    }

    /** The same recipe with initial weights drawn from {@code newSeed}. */
    public Mlp withSeed(long newSeed) {
        return new Mlp(sizes, activation, output, init, dtype, newSeed);
    }

    /** A fresh model with weights drawn from the seed. */
    public Sequential build() {
        return Sequential.mlp(sizes, activation, output, init, dtype, Rng.of(seed));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Mlp m && Arrays.equals(sizes, m.sizes) && activation.label().equals(m.activation.label())
                && output.label().equals(m.output.label()) && init == m.init && dtype == m.dtype && seed == m.seed;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sizes) * 31 + Long.hashCode(seed);
    }

    @Override
    public String toString() {
        return "Mlp(sizes=" + Arrays.toString(sizes) + ", activation=" + activation + ", output=" + output + ", init="
                + init + ", dtype=" + dtype + ", seed=" + seed + ")";
    }
}
