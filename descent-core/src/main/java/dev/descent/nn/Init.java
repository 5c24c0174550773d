package dev.descent.nn;

import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How a layer's weights start. Every initializer draws from an explicit {@link Rng}; fanIn and fanOut are the
 * layer's input and output widths. Formulas: Glorot and Bengio (2010), He et al. (2015), PyTorch's Linear default
 * U(−1/√fanIn, 1/√fanIn), and Nielsen's N(0, 1) from "Neural Networks and Deep Learning", chapter 1. Each has
 * the short name users type and the other names it answers to: the registry the command line reads.
 */
public enum Init {
    /** U(−1/√fanIn, 1/√fanIn): PyTorch's default for Linear weights and biases. */
    UNIFORM_FAN_IN("uniform", "default", "uniform_fan_in"),
    /** N(0, 1): Nielsen's network.py. */
    STANDARD_NORMAL("normal", "standard_normal", "nielsen"),
    /** U(−a, a) with a = √(6/(fanIn+fanOut)). */
    XAVIER_UNIFORM("xavier", "glorot", "xavier_uniform"),
    /** N(0, 2/(fanIn+fanOut)). */
    XAVIER_NORMAL("xavier_normal", "glorot_normal"),
    /** U(−a, a) with a = √(6/fanIn): for ReLU networks. */
    HE_UNIFORM("he", "kaiming", "he_uniform"),
    /** N(0, 2/fanIn): for ReLU networks. */
    HE_NORMAL("he_normal", "kaiming_normal"),
    /** All zeros (for biases). */
    ZEROS("zeros");

    private final String label;
    private final List<String> aliases;

    Init(String label, String... aliases) {
        this.label = label;
        this.aliases = List.of(aliases);
    }

    /** The short name users type, e.g. {@code xavier}. */
    public String label() {
        return label;
    }

    /** Every label, in declaration order. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(Init::label).toList();
    }

    /**
     * The usual choice for hidden layers of {@code activation}: Nielsen's N(0, 1) for sigmoid, He (normal) for the
     * ReLU family, Xavier (uniform) otherwise.
     */
    public static Init forActivation(Activation.Kind activation) {
        return switch (activation) {
            case SIGMOID -> STANDARD_NORMAL;
            case RELU, LEAKY_RELU -> HE_NORMAL;
            default -> XAVIER_UNIFORM;
        };
    }

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

    /** The initializer a user's name (or one of its other names) means, ignoring case, blanks and '-' for '_'. */
    public static Init parse(String name) {
        String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT).replace('-', '_');
        for (Init i : values()) {
            if (i.label.equals(key) || i.aliases.contains(key)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown initializer '" + name + "'; expected one of "
                + String.join(", ", labels()));
    }
}
