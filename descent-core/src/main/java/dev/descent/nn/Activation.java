package dev.descent.nn;

import dev.descent.tensor.Tensor;
import java.util.Locale;

/** An elementwise nonlinearity as a layer: sigmoid, tanh, ReLU, leaky ReLU, softplus, softmax (last axis), identity. */
public final class Activation implements Module {
    /** The closed set of activations. */
    public enum Kind { SIGMOID, TANH, RELU, LEAKY_RELU, SOFTPLUS, SOFTMAX, IDENTITY }

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

    /** Parses "sigmoid", "tanh", "relu", "leaky-relu", "softplus", "softmax", "identity"/"linear"/"none". */
    public static Activation parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "sigmoid" -> sigmoid();
            case "tanh" -> tanh();
            case "relu" -> relu();
            case "leaky-relu", "leakyrelu" -> leakyRelu(0.01);
            case "softplus" -> softplus();
            case "softmax" -> softmax();
            case "identity", "linear", "none" -> identity();
            default -> throw new IllegalArgumentException("unknown activation '" + name
                    + "'; expected sigmoid, tanh, relu, leaky-relu, softplus, softmax or identity");
        };
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
        return kind == Kind.LEAKY_RELU ? "leaky-relu" : kind.name().toLowerCase(Locale.ROOT);
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
