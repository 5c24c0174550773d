package dev.descent.cli;

import dev.descent.optim.Adadelta;
import dev.descent.optim.Adagrad;
import dev.descent.optim.Adam;
import dev.descent.optim.AdamW;
import dev.descent.optim.GradientDescent;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.Optimizer;
import dev.descent.optim.RmsProp;
import dev.descent.optim.Sgd;
import dev.descent.tensor.Tensor;
import java.util.List;
import java.util.Locale;

/**
 * The optimizers {@code --optimizer} names, each with the learning rate it gets when {@code --lr} is not given.
 * Momentum and Nesterov use momentum 0.9. {@code gd} and {@code lbfgs} take the whole training set as one batch.
 */
enum OptimizerChoice {
    SGD, MOMENTUM, NESTEROV, ADAGRAD, ADADELTA, RMSPROP, ADAM, ADAMW, LBFGS, GD;

    static final double MOMENTUM_FACTOR = 0.9;

    /** The name users type, e.g. {@code adamw}. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a user's name case-insensitively, naming the choices when it is unknown. */
    static OptimizerChoice parse(String name) {
        for (OptimizerChoice c : values()) {
            if (c.label().equalsIgnoreCase(name.strip())) {
                return c;
            }
        }
        throw new UsageException("unknown optimizer '" + name + "'; expected one of " + names());
    }

    /** Lets picocli read {@code --optimizer adam}; an unknown name is a usage error listing the choices. */
    static final class Converter implements picocli.CommandLine.ITypeConverter<OptimizerChoice> {
        @Override
        public OptimizerChoice convert(String value) {
            try {
                return parse(value);
            } catch (UsageException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static String names() {
        StringBuilder sb = new StringBuilder();
        for (OptimizerChoice c : values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(c.label());
        }
        return sb.toString();
    }

    /**
     * The usual starting rate: Nielsen's 3.0 for plain (stochastic) gradient descent on the quadratic cost with
     * sigmoid units, 0.1 for it on other losses; the adaptive methods' published defaults otherwise.
     */
    double defaultLearningRate(String loss) {
        boolean quadratic = loss.equalsIgnoreCase("quadratic") || loss.equalsIgnoreCase("mse")
                || loss.equalsIgnoreCase("sse");
        return switch (this) {
            case SGD, GD -> quadratic ? 3.0 : 0.1;
            case MOMENTUM, NESTEROV -> quadratic ? 0.3 : 0.01;
            case ADAGRAD -> 0.01;
            case ADADELTA, LBFGS -> 1.0;
            case RMSPROP, ADAM, ADAMW -> 0.001;
        };
    }

    /** Whether this method works on the whole training set at once rather than on mini-batches. */
    boolean fullBatch() {
        return this == GD || this == LBFGS;
    }

    Optimizer create(List<Tensor> parameters, double learningRate) {
        return switch (this) {
            case SGD -> Sgd.of(parameters, learningRate);
            case MOMENTUM -> Sgd.momentum(parameters, learningRate, MOMENTUM_FACTOR);
            case NESTEROV -> Sgd.nesterov(parameters, learningRate, MOMENTUM_FACTOR);
            case ADAGRAD -> Adagrad.of(parameters, learningRate);
            case ADADELTA -> Adadelta.of(parameters, learningRate);
            case RMSPROP -> RmsProp.of(parameters, learningRate);
            case ADAM -> Adam.of(parameters, learningRate);
            case ADAMW -> AdamW.of(parameters, learningRate);
            case LBFGS -> Lbfgs.of(parameters, learningRate);
            case GD -> GradientDescent.of(parameters, learningRate);
        };
    }
}
