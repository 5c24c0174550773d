package dev.descent.nn;

import dev.descent.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** An elementwise nonlinearity as a layer: sigmoid, tanh, ReLU, leaky ReLU, softplus, softmax (last axis), identity. */
public final class Activation implements Module {
    /**
     * The closed set of activations, by the names users type (each with the other names it answers to): the
     * registry the command line and any other face read.
     */
    public enum Kind {
        SIGMOID("sigmoid"),
        TANH("tanh"),
        RELU("relu"),
        /** Leaky ReLU with PyTorch's default slope 0.01. */
        LEAKY_RELU("leaky-relu", "leakyrelu"),
        SOFTPLUS("softplus"),
        /** Softmax over the last axis: for outputs, not hidden layers. */
        SOFTMAX("softmax"),
        IDENTITY("identity", "linear", "none");

        private final String label;
        private final List<String> aliases;

        Kind(String label, String... aliases) {
            this.label = label;
            this.aliases = List.of(aliases);
        }

        /** The name users type, e.g. {@code leaky-relu}. */
        public String label() {
            return label;
        }

        /** A fresh activation layer of this kind. */
        public Activation create() {
            return switch (this) {
                case SIGMOID -> sigmoid();
                case TANH -> tanh();
                case RELU -> relu();
                case LEAKY_RELU -> leakyRelu(0.01);
                case SOFTPLUS -> softplus();
                case SOFTMAX -> softmax();
                case IDENTITY -> identity();
            };
        }

        /** Every label, in declaration order. */
        public static List<String> labels() {
            return Arrays.stream(values()).map(Kind::label).toList();
        }

        /** The kind a user's name (or one of its other names) means, ignoring case, blanks and '_' for '-'. */
        public static Kind parse(String name) {
            String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
            for (Kind k : values()) {
                if (k.label.equals(key) || k.aliases.contains(key)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown activation '" + name + "'; expected one of "
                    + String.join(", ", labels()));
        }
    }

    private final Kind kind;
    private final double slope;

    private Activation(Kind kind, double slope) {
        this.kind = kind;
        this.slope = slope;
    }

    public static Activation sigmoid() {
        return new Activation(Kind.SIGMOID, 0);
    }

    public static Activation tanh() {
        return new Activation(Kind.TANH, 0);
    }

    public static Activation relu() {
        return new Activation(Kind.RELU, 0);
    }

    /** max(x, slope·x); PyTorch's default slope is 0.01. */
    public static Activation leakyRelu(double slope) {
        if (!(slope >= 0 && slope < 1)) {
            throw new IllegalArgumentException("leakyRelu: slope must be in [0, 1), was " + slope);
        }
        return new Activation(Kind.LEAKY_RELU, slope);
    }

    public static Activation softplus() {
        return new Activation(Kind.SOFTPLUS, 0);
    }

    /** Softmax over the last axis (for probabilities; train on logits with softmax cross-entropy instead). */
    public static Activation softmax() {
        return new Activation(Kind.SOFTMAX, 0);
    }

    public static Activation identity() {
        return new Activation(Kind.IDENTITY, 0);
    }

    /** The activation a user's name means ({@link Kind#parse}). */
    public static Activation parse(String name) {
        return Kind.parse(name).create();
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public Tensor forward(Tensor x) {
        return switch (kind) {
            case SIGMOID -> x.sigmoid();
            case TANH -> x.tanh();
            case RELU -> x.relu();
            case LEAKY_RELU -> x.leakyRelu(slope);
            case SOFTPLUS -> x.softplus();
            case SOFTMAX -> x.softmax(-1);
            case IDENTITY -> x;
        };
    }

    /** The name {@link #parse} accepts. */
    public String label() {
        return kind.label();
    }

    @Override
    public String toString() {
        return switch (kind) {
            case SIGMOID -> "Sigmoid()";
            case TANH -> "Tanh()";
            case RELU -> "ReLU()";
            case LEAKY_RELU -> "LeakyReLU(slope=" + slope + ")";
            case SOFTPLUS -> "Softplus()";
            case SOFTMAX -> "Softmax(axis=-1)";
            case IDENTITY -> "Identity()";
        };
    }
}
