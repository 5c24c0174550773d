package dev.descent.nn;

import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;

/**
 * How a layer's weights start. Every initializer draws from an explicit {@link Rng}; fanIn and fanOut are the
 * layer's input and output widths. Formulas: Glorot and Bengio (2010), He et al. (2015), PyTorch's Linear default
 * U(−1/√fanIn, 1/√fanIn), and Nielsen's N(0, 1) from "Neural Networks and Deep Learning", chapter 1.
 */
public enum Init {
    /** U(−1/√fanIn, 1/√fanIn): PyTorch's default for Linear weights and biases. */
    UNIFORM_FAN_IN,
    /** N(0, 1): Nielsen's network.py. */
    STANDARD_NORMAL,
    /** U(−a, a) with a = √(6/(fanIn+fanOut)). */
    XAVIER_UNIFORM,
    /** N(0, 2/(fanIn+fanOut)). */
    XAVIER_NORMAL,
    /** U(−a, a) with a = √(6/fanIn): for ReLU networks. */
    HE_UNIFORM,
    /** N(0, 2/fanIn): for ReLU networks. */
    HE_NORMAL,
    /** All zeros (for biases). */
    ZEROS;

    /** A fresh leaf tensor of the given shape drawn from this distribution. */
    public Tensor sample(DType dtype, Rng rng, int fanIn, int fanOut, int... shape) {
        return switch (this) {
            case UNIFORM_FAN_IN -> uniform(dtype, rng, 1.0 / Math.sqrt(fanIn), shape);
            case STANDARD_NORMAL -> Tensor.normal(dtype, rng, 0, 1, shape);
            case XAVIER_UNIFORM -> uniform(dtype, rng, Math.sqrt(6.0 / (fanIn + fanOut)), shape);
            case XAVIER_NORMAL -> Tensor.normal(dtype, rng, 0, Math.sqrt(2.0 / (fanIn + fanOut)), shape);
            case HE_UNIFORM -> uniform(dtype, rng, Math.sqrt(6.0 / fanIn), shape);
            case HE_NORMAL -> Tensor.normal(dtype, rng, 0, Math.sqrt(2.0 / fanIn), shape);
            case ZEROS -> Tensor.zeros(dtype, shape);
        };
    }

    private static Tensor uniform(DType dtype, Rng rng, double bound, int... shape) {
        return Tensor.uniform(dtype, rng, -bound, bound, shape);
    }

    /** Parses a user's name for an initializer ("xavier", "he", "normal", "uniform", …). */
    public static Init parse(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT).replace('-', '_')) {
            case "uniform", "default", "uniform_fan_in" -> UNIFORM_FAN_IN;
            case "normal", "standard_normal", "nielsen" -> STANDARD_NORMAL;
            case "xavier", "glorot", "xavier_uniform" -> XAVIER_UNIFORM;
            case "xavier_normal", "glorot_normal" -> XAVIER_NORMAL;
            case "he", "kaiming", "he_uniform" -> HE_UNIFORM;
            case "he_normal", "kaiming_normal" -> HE_NORMAL;
            case "zeros" -> ZEROS;
            default -> throw new IllegalArgumentException("unknown initializer '" + name
                    + "'; expected uniform, normal, xavier, xavier_normal, he, he_normal or zeros");
        };
    }
}
