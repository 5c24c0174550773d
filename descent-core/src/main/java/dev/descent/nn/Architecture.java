package dev.descent.nn;

import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * A one-line text form of a {@link Sequential} model, stored in checkpoints so a model can be rebuilt before its
 * weights are loaded: {@code linear:784:30,sigmoid,dropout:0.2,linear:30:10}. Convolutional layers read
 * {@code unflatten:1:28:28}, {@code conv2d:IN:OUT:KERNEL:STRIDE:PADDING:DILATION:GROUPS:BIAS},
 * {@code maxpool:KERNEL:STRIDE:PADDING} (and {@code avgpool}), {@code batchnorm1d:FEATURES:MOMENTUM:EPSILON} (and
 * {@code batchnorm2d}), {@code flatten}, {@code dropout2d:P}.
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
            } else if (m instanceof Conv2d c) {
                parts.add("conv2d:" + c.inChannels() + ":" + c.outChannels() + ":" + c.kernel() + ":" + c.stride() + ":"
                        + c.padding() + ":" + c.dilation() + ":" + c.groups() + ":" + c.hasBias());
            } else if (m instanceof Pool2d p) {
                parts.add(p.kind().label() + ":" + p.kernel() + ":" + p.stride() + ":" + p.padding());
            } else if (m instanceof BatchNorm b) {
                parts.add((b.spatial() ? "batchnorm2d:" : "batchnorm1d:") + b.features() + ":" + b.momentum() + ":"
                        + b.epsilon());
            } else if (m instanceof Flatten) {
                parts.add("flatten");
            } else if (m instanceof Unflatten u) {
                StringBuilder sb = new StringBuilder("unflatten");
                for (int size : u.shape()) {
                    sb.append(':').append(size);
                }
                parts.add(sb.toString());
            } else if (m instanceof Dropout2d d) {
                parts.add("dropout2d:" + d.probability());
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
                    case "conv2d" -> layers.add(Conv2d.of(integer(f, 1), integer(f, 2), integer(f, 3), integer(f, 4),
                            integer(f, 5), integer(f, 6), integer(f, 7), bool(f[8]), dtype, rng));
                    case "maxpool", "avgpool" -> layers.add(Pool2d.of(f[0].equals("maxpool") ? Pool2d.Kind.MAX
                            : Pool2d.Kind.AVERAGE, integer(f, 1), integer(f, 2), integer(f, 3)));
                    case "batchnorm1d", "batchnorm2d" -> layers.add(BatchNorm.of(integer(f, 1),
                            f[0].equals("batchnorm2d"), Double.parseDouble(f[2]), Double.parseDouble(f[3]), dtype));
                    case "flatten" -> layers.add(Flatten.of());
                    case "unflatten" -> {
                        int[] shape = new int[f.length - 1];
                        for (int i = 0; i < shape.length; i++) {
                            shape[i] = integer(f, i + 1);
                        }
                        layers.add(Unflatten.of(shape));
                    }
                    case "dropout2d" -> layers.add(Dropout2d.of(Double.parseDouble(f[1]), rng));
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

    private static int integer(String[] fields, int i) {
        return Integer.parseInt(fields[i]);
    }

    private static boolean bool(String text) {
        if (!text.equals("true") && !text.equals("false")) {
            throw new IllegalArgumentException("expected true or false, got '" + text + "'");
        }
        return text.equals("true");
    }

    /** {@code text} cut to 100 characters, saying how long it was. */
    private static String shorten(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "… (" + text.length() + " characters)";
    }
}
