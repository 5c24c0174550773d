package dev.descent.cli.lesson;

import dev.descent.optim.Optimizer;
import dev.descent.optim.Optimizers;
import dev.descent.tensor.Tensor;
import java.util.List;
import java.util.Locale;

/** The optimizers {@code minimize} and {@code landscape} offer, by the names users type. */
public enum Method {
    GD("gd", "gradient descent"),
    MOMENTUM("momentum", "momentum 0.9"),
    NESTEROV("nesterov", "Nesterov 0.9"),
    ADAGRAD("adagrad", "Adagrad"),
    RMSPROP("rmsprop", "RMSprop"),
    ADAM("adam", "Adam"),
    NEWTON("newton", "Newton");

    /** Momentum factor used by {@link #MOMENTUM} and {@link #NESTEROV}. */
    public static final double MOMENTUM_FACTOR = 0.9;

    private final String key;
    private final String label;

    Method(String key, String label) {
        this.key = key;
        this.label = label;
    }

    /** The name on the command line. */
    public String key() {
        return key;
    }

    /** A short human name for tables and legends. */
    public String label() {
        return label;
    }

    /** Parses a name; {@code sgd} is full-batch gradient descent here. */
    public static Method parse(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        if (n.equals("sgd")) {
            return GD;
        }
        for (Method m : values()) {
            if (m.key.equals(n)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown optimizer '" + name
                + "'; known: gd (or sgd), momentum, nesterov, adagrad, rmsprop, adam, newton");
    }

    /** A fresh optimizer of this kind over {@code parameters}, made by the engine's by-name factory. */
    public Optimizer create(List<Tensor> parameters, double learningRate) {
        return Optimizers.create(key, parameters, learningRate);
    }
}
