package dev.descent.web;

import dev.descent.loss.LossKind;
import dev.descent.nn.Activation;
import dev.descent.optim.OptimizerKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One playground setup, as its URL spells it ({@code data=moons&noise=0.1&points=400&train=50&seed=1&layers=4,4
 * &activation=tanh&loss=cross-entropy&optimizer=sgd&lr=0.1&batch=10&reg=none&regRate=0}): the data set, the network,
 * the loss, the optimizer and the regularisation. Every value is checked against its bound here, at the boundary, with
 * a one-line message naming the parameter; the names of activations, losses and optimizers are the core's registries.
 */
record PlaygroundSetup(String data, double noise, int classes, int points, int trainPercent, long seed,
                       int[] layers, Activation.Kind activation, LossKind loss, OptimizerKind optimizer,
                       double learningRate, int batchSize, Regularization regularization, double regularizationRate) {
    /** The generated two-dimensional data sets of the core. */
    static final List<String> DATA_SETS = List.of("moons", "circles", "spirals", "xor", "blobs");
    static final int MAX_LAYERS = 6;
    static final int MAX_NEURONS = 16;
    static final int MAX_POINTS = 5000;
    static final int MIN_POINTS = 10;
    static final int MAX_CLASSES = 6;
    static final int MAX_BATCH = 5000;
    static final double MAX_NOISE = 2;
    static final double MAX_LEARNING_RATE = 10;
    static final double MAX_REGULARIZATION_RATE = 1;

    /** A penalty on the weights (not the biases) added to the training loss. */
    enum Regularization {
        /** No penalty. */
        NONE,
        /** {@code rate · Σ|w|}. */
        L1,
        /** {@code rate/2 · Σw²}, whose gradient {@code rate · w} is weight decay of {@code rate}. */
        L2
    }

    PlaygroundSetup {
        layers = layers.clone();
    }

    @Override
    public int[] layers() {
        return layers.clone();
    }

    /** Whether the data come from an uploaded CSV file rather than a generator. */
    boolean uploaded() {
        return data.equals("upload");
    }

    /** The defaults: two-moons, two hidden layers of 6 tanh units, softmax cross-entropy, SGD at 0.1. */
    static PlaygroundSetup defaults() {
        return parse(Map.of());
    }

    /**
     * The setup named by {@code values} (a URL's query or a JSON body; absent keys take their defaults), checking
     * every bound; throws an {@link IllegalArgumentException} naming the first parameter out of bounds.
     */
    static PlaygroundSetup parse(Map<String, ?> values) {
        Reader r = new Reader(values);
        String data = r.text("data", "moons").toLowerCase(Locale.ROOT);
        if (!DATA_SETS.contains(data) && !data.equals("upload")) {
            throw new IllegalArgumentException("data must be one of " + String.join(", ", DATA_SETS) + ", was '"
                    + data + "'");
        }
        double noise = r.number("noise", 0.1, 0, MAX_NOISE);
        int classes = r.integer("classes", 2, 2, MAX_CLASSES);
        int points = r.integer("points", 400, MIN_POINTS, MAX_POINTS);
        int trainPercent = r.integer("train", 50, 10, 90);
        long seed = r.integer("seed", 1, 0, Integer.MAX_VALUE);
        int[] layers = layers(r.text("layers", "6,6"));
        Activation.Kind activation = Activation.Kind.parse(r.text("activation", "tanh"));
        if (activation == Activation.Kind.SOFTMAX) {
            throw new IllegalArgumentException("activation softmax is for outputs, not hidden layers; pick one of "
                    + String.join(", ", activations()));
        }
        LossKind loss = LossKind.parse(r.text("loss", "cross-entropy"));
        if (loss.takesLogProbabilities()) {
            throw new IllegalArgumentException("loss " + loss.label() + " needs a log-softmax output; pick one of "
                    + String.join(", ", losses()));
        }
        OptimizerKind optimizer = OptimizerKind.parse(r.text("optimizer", "sgd"));
        double learningRate = r.number("lr", 0.1, 0, MAX_LEARNING_RATE);
        if (learningRate == 0) {
            throw new IllegalArgumentException("lr must be > 0, was 0");
        }
        int batchSize = r.integer("batch", 10, 1, MAX_BATCH);
        String regName = r.text("reg", "none").toUpperCase(Locale.ROOT);
        Regularization regularization;
        try {
            regularization = Regularization.valueOf(regName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("reg must be none, l1 or l2, was '" + r.text("reg", "") + "'");
        }
        double regularizationRate = r.number("regRate", 0, 0, MAX_REGULARIZATION_RATE);
        return new PlaygroundSetup(data, noise, classes, points, trainPercent, seed, layers, activation, loss,
                optimizer, learningRate, batchSize, regularization, regularizationRate);
    }

    /** Hidden layer widths from {@code 4,4} ({@code 0} or {@code ""} for none), each 1..MAX_NEURONS, at most MAX_LAYERS. */
    static int[] layers(String text) {
        if (text.isBlank() || text.strip().equals("0")) {
            return new int[0]; // no hidden layer: logistic regression
        }
        String[] parts = text.split(",");
        if (parts.length > MAX_LAYERS) {
            throw new IllegalArgumentException("layers: at most " + MAX_LAYERS + " hidden layers, was "
                    + parts.length + " ('" + text + "')");
        }
        int[] sizes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                sizes[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("layers: '" + parts[i].strip() + "' is not a whole number ('"
                        + text + "')");
            }
            if (sizes[i] < 1 || sizes[i] > MAX_NEURONS) {
                throw new IllegalArgumentException("layers: each hidden layer has 1 to " + MAX_NEURONS
                        + " neurons, layer " + (i + 1) + " has " + sizes[i]);
            }
        }
        return sizes;
    }

    /** The hidden activations offered: every kind but softmax. */
    static List<String> activations() {
        return Arrays.stream(Activation.Kind.values()).filter(k -> k != Activation.Kind.SOFTMAX)
                .map(Activation.Kind::label).toList();
    }

    /** The losses offered: every kind that takes the model's raw or sigmoid outputs. */
    static List<String> losses() {
        return Arrays.stream(LossKind.values()).filter(k -> !k.takesLogProbabilities()).map(LossKind::label).toList();
    }

    /** The setup as URL parameters (the names {@link #parse} reads). */
    Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("data", data);
        out.put("noise", noise);
        out.put("classes", classes);
        out.put("points", points);
        out.put("train", trainPercent);
        out.put("seed", seed);
        List<String> widths = new ArrayList<>();
        for (int w : layers) {
            widths.add(Integer.toString(w));
        }
        out.put("layers", widths.isEmpty() ? "0" : String.join(",", widths));
        out.put("activation", activation.label());
        out.put("loss", loss.label());
        out.put("optimizer", optimizer.label());
        out.put("lr", learningRate);
        out.put("batch", batchSize);
        out.put("reg", regularization.name().toLowerCase(Locale.ROOT));
        out.put("regRate", regularizationRate);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PlaygroundSetup s && toMap().equals(s.toMap());
    }

    @Override
    public int hashCode() {
        return toMap().hashCode();
    }

    @Override
    public String toString() {
        return "PlaygroundSetup" + toMap();
    }

    /** {@code 2} for 2.0, {@code 0.5} for 0.5: bounds as a person writes them. */
    private static String plain(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
    }

    /** Reads values by name, with one-line messages naming the parameter and its bounds. */
    private record Reader(Map<String, ?> values) {
        String text(String name, String fallback) {
            Object v = values.get(name);
            if (v == null) {
                return fallback;
            }
            String s = String.valueOf(v).strip();
            if (s.length() > 100) {
                throw new IllegalArgumentException(name + " is " + s.length() + " characters long, more than 100");
            }
            return s.isEmpty() && !name.equals("layers") ? fallback : s;
        }

        double number(String name, double fallback, double min, double max) {
            Object v = values.get(name);
            double x;
            if (v instanceof Number n) {
                x = n.doubleValue();
            } else if (v == null || String.valueOf(v).isBlank()) {
                x = fallback;
            } else {
                try {
                    x = Double.parseDouble(String.valueOf(v).strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + " must be a number, was '" + v + "'");
                }
            }
            if (!(x >= min && x <= max)) {
                throw new IllegalArgumentException(name + " must be between " + plain(min) + " and "
                        + plain(max) + ", was " + v);
            }
            return x;
        }

        int integer(String name, int fallback, int min, int max) {
            double x = number(name, fallback, min, max);
            if (x != Math.rint(x)) {
                throw new IllegalArgumentException(name + " must be a whole number, was " + values.get(name));
            }
            return (int) x;
        }
    }
}
