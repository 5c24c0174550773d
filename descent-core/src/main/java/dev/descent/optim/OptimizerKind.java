package dev.descent.optim;

import dev.descent.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The optimizers by the names users type, each described once: its factory, the learning rate it gets when none is
 * given, whether it takes the whole training set as one batch, and whether it evaluates the loss itself (through
 * {@link Optimizer#step(LossClosure)}). The command line, the lessons and any other face read this list instead of
 * keeping their own. Momentum and Nesterov use momentum {@value #MOMENTUM_FACTOR}.
 */
public enum OptimizerKind {
    /** Full-batch gradient descent ({@link GradientDescent}). */
    GD("gd", "gradient descent", 3.0, 0.1, true, false),
    /** Mini-batch stochastic gradient descent ({@link Sgd}, no momentum). */
    SGD("sgd", "SGD", 3.0, 0.1, false, false),
    /** {@link Sgd} with momentum {@value #MOMENTUM_FACTOR}. */
    MOMENTUM("momentum", "momentum 0.9", 0.3, 0.01, false, false),
    /** {@link Sgd} with Nesterov momentum {@value #MOMENTUM_FACTOR}. */
    NESTEROV("nesterov", "Nesterov 0.9", 0.3, 0.01, false, false),
    ADAGRAD("adagrad", "Adagrad", 0.01, 0.01, false, false),
    ADADELTA("adadelta", "Adadelta", 1.0, 1.0, false, false),
    RMSPROP("rmsprop", "RMSprop", 0.001, 0.001, false, false),
    ADAM("adam", "Adam", 0.001, 0.001, false, false),
    ADAMW("adamw", "AdamW", 0.001, 0.001, false, false),
    /** {@link Lbfgs} without line search, on the whole training set. */
    LBFGS("lbfgs", "L-BFGS", 1.0, 1.0, true, true),
    /** {@link Newton} without damping: it builds the n×n Hessian, so it suits problems with few parameters. */
    NEWTON("newton", "Newton", 1.0, 1.0, true, true);

    /** The momentum factor of {@link #MOMENTUM} and {@link #NESTEROV}. */
    public static final double MOMENTUM_FACTOR = 0.9;

    private final String label;
    private final String displayName;
    private final double squaredErrorRate;
    private final double otherRate;
    private final boolean fullBatch;
    private final boolean reevaluatesLoss;

    OptimizerKind(String label, String displayName, double squaredErrorRate, double otherRate, boolean fullBatch,
                  boolean reevaluatesLoss) {
        this.label = label;
        this.displayName = displayName;
        this.squaredErrorRate = squaredErrorRate;
        this.otherRate = otherRate;
        this.fullBatch = fullBatch;
        this.reevaluatesLoss = reevaluatesLoss;
    }

    /** The name users type, e.g. {@code adamw}. */
    public String label() {
        return label;
    }

    /** A short name for tables and legends, e.g. "gradient descent", "Nesterov 0.9". */
    public String displayName() {
        return displayName;
    }

    /**
     * The usual starting rate: Nielsen's 3.0 for plain gradient descent on a squared-error loss (quadratic, mse,
     * sse) with sigmoid units and 0.1 on other losses, 0.3 and 0.01 with momentum, and the adaptive methods'
     * published defaults (PyTorch's) whatever the loss.
     */
    public double defaultLearningRate(boolean squaredErrorLoss) {
        return squaredErrorLoss ? squaredErrorRate : otherRate;
    }

    /** The starting rate for a loss that is not a squared error ({@link #defaultLearningRate(boolean)}). */
    public double defaultLearningRate() {
        return otherRate;
    }

    /** Whether it works on the whole training set at once rather than on mini-batches. */
    public boolean fullBatch() {
        return fullBatch;
    }

    /** Whether its optimizers evaluate the loss themselves ({@link Optimizer#reevaluatesLoss()}). */
    public boolean reevaluatesLoss() {
        return reevaluatesLoss;
    }

    /** Whether it builds the full n×n Hessian, and so suits only problems with few parameters. */
    public boolean buildsHessian() {
        return this == NEWTON;
    }

    /** A fresh optimizer of this kind over {@code parameters} with the given learning rate and its other defaults. */
    public Optimizer create(List<Tensor> parameters, double learningRate) {
        return switch (this) {
            case GD -> GradientDescent.of(parameters, learningRate);
            case SGD -> Sgd.of(parameters, learningRate);
            case MOMENTUM -> Sgd.momentum(parameters, learningRate, MOMENTUM_FACTOR);
            case NESTEROV -> Sgd.nesterov(parameters, learningRate, MOMENTUM_FACTOR);
            case ADAGRAD -> Adagrad.of(parameters, learningRate);
            case ADADELTA -> Adadelta.of(parameters, learningRate);
            case RMSPROP -> RmsProp.of(parameters, learningRate);
            case ADAM -> Adam.of(parameters, learningRate);
            case ADAMW -> AdamW.of(parameters, learningRate);
            case LBFGS -> Lbfgs.of(parameters, learningRate);
            case NEWTON -> Newton.of(parameters, learningRate, 0);
        };
    }

    /** A fresh optimizer of this kind with its {@link #defaultLearningRate() default learning rate}. */
    public Optimizer create(List<Tensor> parameters) {
        return create(parameters, defaultLearningRate());
    }

    /** Every label, in declaration order. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(OptimizerKind::label).toList();
    }

    /** The kind a user's name means, ignoring case and surrounding blanks. */
    public static OptimizerKind parse(String name) {
        if (name != null) {
            String key = name.strip().toLowerCase(Locale.ROOT);
            for (OptimizerKind k : values()) {
                if (k.label.equals(key)) {
                    return k;
                }
            }
        }
        throw new IllegalArgumentException("unknown optimizer '" + name + "'; expected one of "
                + String.join(", ", labels()));
    }
}
