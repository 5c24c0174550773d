package dev.descent.nn;

import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * A one-line text form of a {@link Sequential} model, stored in checkpoints so a model can be rebuilt before its
 * weights are loaded: {@code linear:784:30,sigmoid,dropout:0.2,linear:30:10}.
 */
public final class Architecture {
    private Architecture() {
    }

    /** The text form of a Sequential of Linear, Activation and Dropout layers. */
    public static String describe(Module model) {
        if (!(model instanceof Sequential seq)) {
            throw new IllegalArgumentException("describe: only Sequential models can be described, got "
                    + model.getClass().getSimpleName());
        }
        List<String> parts = new ArrayList<>();
        for (Module m : seq.layers()) {
            if (m instanceof Linear l) {
                parts.add("linear:" + l.inputs() + ":" + l.outputs());
            } else if (m instanceof Activation a) {
                parts.add(a.label());
            } else if (m instanceof Dropout d) {
                parts.add("dropout:" + d.probability());
            } else {
                throw new IllegalArgumentException("describe: unsupported layer " + m);
            }
        }
        return String.join(",", parts);
    }

    /** Rebuilds a model from its text form, with fresh weights (to be overwritten by a checkpoint). */
    public static Sequential build(String spec, DType dtype, Rng rng) {
        List<Module> layers = new ArrayList<>();
        for (String part : spec.split(",")) {
            String[] f = part.trim().split(":");
            try {
                switch (f[0]) {
                    case "linear" -> layers.add(Linear.of(Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                            Init.UNIFORM_FAN_IN, Init.UNIFORM_FAN_IN, dtype, rng));
                    case "dropout" -> layers.add(Dropout.of(Double.parseDouble(f[1]), rng));
                    default -> layers.add(Activation.parse(f[0]));
                }
            } catch (RuntimeException e) {
                // shortened: a damaged file's 8 MB string must not be echoed whole
                throw new IllegalArgumentException("architecture '" + shorten(spec) + "': cannot read layer '"
                        + shorten(part) + "': " + shorten(String.valueOf(e.getMessage())), e);
            }
        }
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("architecture is empty");
        }
        return Sequential.of(layers);
    }

    /** {@code text} cut to 100 characters, saying how long it was. */
    private static String shorten(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "… (" + text.length() + " characters)";
    }
}
