package dev.descent.optim;

import dev.descent.tensor.Tensor;
import java.util.List;
import java.util.Locale;

/** Builds an optimizer by name, for the command line and configuration files. */
public final class Optimizers {
    private Optimizers() {
    }

    /** The names {@link #create} accepts. */
    public static final List<String> NAMES = List.of("gd", "sgd", "momentum", "nesterov", "adagrad", "adadelta",
            "rmsprop", "adam", "adamw", "lbfgs", "newton");

    /**
     * The optimizer called {@code name} over {@code parameters} with its defaults and the given learning rate:
     * {@code gd} ({@link GradientDescent}), {@code sgd} (plain {@link Sgd}), {@code momentum} (Sgd, momentum 0.9),
     * {@code nesterov} (Sgd, Nesterov momentum 0.9), {@code adagrad}, {@code adadelta}, {@code rmsprop},
     * {@code adam}, {@code adamw}, {@code lbfgs} (no line search), {@code newton} (no damping).
     */
    public static Optimizer create(String name, List<Tensor> parameters, double learningRate) {
        return switch (key(name)) {
            case "gd" -> GradientDescent.of(parameters, learningRate);
            case "sgd" -> Sgd.of(parameters, learningRate);
            case "momentum" -> Sgd.momentum(parameters, learningRate, 0.9);
            case "nesterov" -> Sgd.nesterov(parameters, learningRate, 0.9);
            case "adagrad" -> Adagrad.of(parameters, learningRate);
            case "adadelta" -> Adadelta.of(parameters, learningRate);
            case "rmsprop" -> RmsProp.of(parameters, learningRate);
            case "adam" -> Adam.of(parameters, learningRate);
            case "adamw" -> AdamW.of(parameters, learningRate);
            case "lbfgs" -> Lbfgs.of(parameters, learningRate);
            case "newton" -> Newton.of(parameters, learningRate, 0);
            default -> throw unknown(name);
        };
    }

    /** The optimizer called {@code name} with its default learning rate ({@link #defaultLearningRate}). */
    public static Optimizer create(String name, List<Tensor> parameters) {
        return create(name, parameters, defaultLearningRate(name));
    }

    /**
     * The learning rate used when none is given: 0.001 for adam and adamw, 1.0 for adadelta, lbfgs and newton,
     * 0.01 for the others (PyTorch's defaults; PyTorch's SGD has none).
     */
    public static double defaultLearningRate(String name) {
        return switch (key(name)) {
            case "adam", "adamw" -> 1e-3;
            case "adadelta", "lbfgs", "newton" -> 1.0;
            case "gd", "sgd", "momentum", "nesterov", "adagrad", "rmsprop" -> 0.01;
            default -> throw unknown(name);
        };
    }

    private static String key(String name) {
        if (name == null) {
            throw new IllegalArgumentException("optimizer name must not be null; expected one of "
                    + String.join(", ", NAMES));
        }
        return name.trim().toLowerCase(Locale.ROOT);
    }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("unknown optimizer '" + name + "'; expected one of "
                + String.join(", ", NAMES));
    }
}
