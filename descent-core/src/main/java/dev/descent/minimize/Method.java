package dev.descent.minimize;

import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerKind;
import dev.descent.tensor.Tensor;
import java.util.List;
import java.util.Locale;

/**
 * The optimizers {@code minimize}, {@code landscape} and the lessons offer on one function: a subset of the core's
 * {@link OptimizerKind}, whose names, labels and factories they use.
 */
public enum Method {
    GD(OptimizerKind.GD),
    MOMENTUM(OptimizerKind.MOMENTUM),
    NESTEROV(OptimizerKind.NESTEROV),
    ADAGRAD(OptimizerKind.ADAGRAD),
    RMSPROP(OptimizerKind.RMSPROP),
    ADAM(OptimizerKind.ADAM),
    NEWTON(OptimizerKind.NEWTON);

    private final OptimizerKind kind;

    Method(OptimizerKind kind) {
        this.kind = kind;
    }

    /** The name on the command line, the registry's. */
    public String key() {
        return kind.label();
    }

    /** A short human name for tables and legends, the registry's. */
    public String label() {
        return kind.displayName();
    }

    /**
     * Parses a name. On one function there are no mini-batches, so {@code sgd} is the registry's {@code gd}
     * (full-batch gradient descent), which is what the tutorials call it.
     */
    public static Method parse(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        if (n.equals(OptimizerKind.SGD.label())) {
            return GD;
        }
        for (Method m : values()) {
            if (m.key().equals(n)) {
                return m;
            }
        }
        StringBuilder known = new StringBuilder();
        for (Method m : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(m.key()).append(m == GD ? " (or sgd)" : "");
        }
        throw new IllegalArgumentException("unknown optimizer '" + name + "'; known: " + known);
    }

    /** A fresh optimizer of this kind over {@code parameters}, made by the core's registry. */
    public Optimizer create(List<Tensor> parameters, double learningRate) {
        return kind.create(parameters, learningRate);
    }
}
