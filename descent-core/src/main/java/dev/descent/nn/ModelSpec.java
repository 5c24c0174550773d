package dev.descent.nn;

import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The short model grammar users type ({@code --model}): either layer widths, {@code 784-30-10}, for a multi-layer
 * perceptron, or a convolutional network such as {@code conv8-pool-conv16-pool-10}: {@code convN} is a 3×3
 * convolution to N channels with padding 1 followed by the hidden activation ({@code convNkK} for a K×K kernel,
 * padding K/2), {@code bn} puts batch normalization between the layer before it and its activation, {@code pool} is
 * 2×2 max pooling ({@code avgpool} averages), and the widths after them are linear layers, the last one the output.
 * A convolutional model reads images: its input shape, {@code HxW} or {@code CxHxW}, comes first
 * ({@code 1x28x28-conv8-pool-10}) or from the data ({@link #withInput}); the model then starts by unflattening rows
 * into images, so data sets of flat rows feed it [N, C, H, W].
 */
public final class ModelSpec {
    private sealed interface Step permits Conv, Pool, Norm, Width {
    }

    private record Conv(int channels, int kernel) implements Step {
    }

    private record Pool(boolean max) implements Step {
    }

    private record Norm() implements Step {
    }

    private record Width(int size) implements Step {
    }

    private final String text;
    /** The image shape [C, H, W] of a convolutional model (null until known), or [inputs] of a perceptron. */
    private final int[] input;
    private final List<Step> steps;
    private final boolean convolutional;

    private ModelSpec(String text, int[] input, List<Step> steps, boolean convolutional) {
        this.text = text;
        this.input = input;
        this.steps = steps;
        this.convolutional = convolutional;
    }

    /** Reads the grammar above; errors name the part that is wrong and show an example. */
    public static ModelSpec parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("model is empty; e.g. 784-30-10 or conv8-pool-conv16-pool-10");
        }
        String[] parts = text.strip().toLowerCase(Locale.ROOT).split("-", -1);
        boolean convolutional = Arrays.stream(parts).anyMatch(p -> !p.strip().matches("\\d+"));
        if (!convolutional) {
            return perceptron(text, parts);
        }
        int[] input = null;
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].strip();
            Step previous = steps.isEmpty() ? null : steps.get(steps.size() - 1);
            if (i == 0 && p.matches("\\d+x\\d+(x\\d+)?")) {
                input = shape(text, p);
            } else if (p.matches("conv\\d+(k\\d+)?")) {
                if (steps.stream().anyMatch(s -> s instanceof Width)) {
                    throw error(text, p, "convolutions come before the linear layers' widths");
                }
                int k = p.indexOf('k');
                int channels = positive(text, p, k < 0 ? p.substring(4) : p.substring(4, k));
                steps.add(new Conv(channels, k < 0 ? 3 : positive(text, p, p.substring(k + 1))));
            } else if (p.equals("pool") || p.equals("avgpool")) {
                if (steps.stream().anyMatch(s -> s instanceof Width)) {
                    throw error(text, p, "pooling comes before the linear layers' widths");
                }
                steps.add(new Pool(p.equals("pool")));
            } else if (p.equals("bn")) {
                if (!(previous instanceof Conv) && !(previous instanceof Width)) {
                    throw error(text, p, "bn follows a convolution or a hidden width");
                }
                steps.add(new Norm());
            } else if (p.matches("\\d+")) {
                steps.add(new Width(positive(text, p, p)));
            } else {
                throw error(text, p, "expected convN, convNkK, pool, avgpool, bn or a width");
            }
        }
        if (steps.stream().noneMatch(s -> s instanceof Conv)) {
            throw error(text, parts[0], "a convolutional model needs at least one convN");
        }
        if (!(steps.get(steps.size() - 1) instanceof Width)) {
            throw error(text, parts[parts.length - 1], "the model must end with the output width, e.g. -10");
        }
        ModelSpec spec = new ModelSpec(null, null, List.copyOf(steps), true);
        return input == null ? spec : spec.withInput(input);
    }

    private static ModelSpec perceptron(String text, String[] parts) {
        int[] sizes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            sizes[i] = positive(text, parts[i], parts[i].strip());
        }
        if (sizes.length < 2) {
            throw new IllegalArgumentException("model '" + text + "' needs at least an input and an output width,"
                    + " e.g. 784-10");
        }
        List<Step> steps = new ArrayList<>();
        for (int i = 1; i < sizes.length; i++) {
            steps.add(new Width(sizes[i]));
        }
        return new ModelSpec(join(sizes), new int[] {sizes[0]}, List.copyOf(steps), false);
    }

    /** A perceptron of the given widths, input to output. */
    public static ModelSpec perceptron(int... sizes) {
        return parse(join(sizes));
    }

    private static String join(int[] sizes) {
        StringBuilder sb = new StringBuilder();
        for (int s : sizes) {
            sb.append(sb.length() == 0 ? "" : "-").append(s);
        }
        return sb.toString();
    }

    private static int[] shape(String text, String part) {
        String[] f = part.split("x");
        int[] s = new int[3];
        s[0] = f.length == 3 ? positive(text, part, f[0]) : 1;
        s[1] = positive(text, part, f[f.length - 2]);
        s[2] = positive(text, part, f[f.length - 1]);
        return s;
    }

    private static int positive(String text, String part, String digits) {
        int v;
        try {
            v = Integer.parseInt(digits.strip());
        } catch (NumberFormatException e) {
            v = -1;
        }
        if (v < 1) {
            throw error(text, part, "sizes must be positive integers, e.g. 784-30-10 or conv8-pool-conv16-pool-10");
        }
        return v;
    }

    private static IllegalArgumentException error(String text, String part, String rule) {
        return new IllegalArgumentException("model '" + text + "': '" + part + "': " + rule);
    }

    /**
     * This convolutional model reading images of {@code shape} ([H, W] or [C, H, W], e.g. a data set's example
     * shape); a perceptron is returned as it is. Fails when the pooling shrinks the image to nothing.
     */
    public ModelSpec withInput(int... shape) {
        if (!convolutional) {
            return this;
        }
        if (shape == null || shape.length < 2 || shape.length > 3 || Arrays.stream(shape).anyMatch(s -> s < 1)) {
            throw new IllegalArgumentException("a convolutional model reads images [H, W] or [C, H, W], not inputs of"
                    + " shape " + Arrays.toString(shape));
        }
        int[] image = shape.length == 3 ? shape.clone() : new int[] {1, shape[0], shape[1]};
        StringBuilder sb = new StringBuilder(image[0] + "x" + image[1] + "x" + image[2]);
        int h = image[1];
        int w = image[2];
        for (Step s : steps) {
            sb.append('-');
            if (s instanceof Conv c) {
                sb.append("conv").append(c.channels()).append(c.kernel() == 3 ? "" : "k" + c.kernel());
                h = h + 2 * (c.kernel() / 2) - c.kernel() + 1;
                w = w + 2 * (c.kernel() / 2) - c.kernel() + 1;
            } else if (s instanceof Pool p) {
                sb.append(p.max() ? "pool" : "avgpool");
                h /= 2;
                w /= 2;
            } else if (s instanceof Norm) {
                sb.append("bn");
            } else {
                sb.append(((Width) s).size());
            }
            if (h < 1 || w < 1) {
                throw new IllegalArgumentException("model '" + sb + "': images of " + image[1] + "x" + image[2]
                        + " shrink to nothing by this layer; use fewer pooling layers");
            }
        }
        return new ModelSpec(sb.toString(), image, steps, true);
    }

    /** True for a convolutional model, false for a perceptron. */
    public boolean convolutional() {
        return convolutional;
    }

    /** True when the input shape is known (always for a perceptron). */
    public boolean hasInput() {
        return input != null;
    }

    /** The number of input features of one example (C·H·W for images). */
    public int inputs() {
        requireInput();
        return Arrays.stream(input).reduce(1, (a, b) -> a * b);
    }

    /** The image shape [C, H, W] of a convolutional model, or [inputs] of a perceptron. */
    public int[] inputShape() {
        requireInput();
        return input.clone();
    }

    /** The width of the last layer: the number of classes or targets. */
    public int outputs() {
        return ((Width) steps.get(steps.size() - 1)).size();
    }

    /** The widths of a perceptron, input to output (for a convolutional model: those of its linear layers). */
    public int[] widths() {
        List<Integer> w = new ArrayList<>();
        if (!convolutional) {
            w.add(input[0]);
        }
        for (Step s : steps) {
            if (s instanceof Width width) {
                w.add(width.size());
            }
        }
        return w.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The same model with a different number of inputs (a perceptron) and outputs: to suggest a fix. */
    public ModelSpec withEnds(int inputs, int outputs) {
        List<Step> changed = new ArrayList<>(steps);
        changed.set(changed.size() - 1, new Width(outputs));
        if (!convolutional) {
            int[] w = widths();
            w[0] = inputs;
            w[w.length - 1] = outputs;
            return perceptron(w);
        }
        ModelSpec spec = new ModelSpec(null, null, List.copyOf(changed), true);
        return input == null ? spec : spec.withInput(input);
    }

    private void requireInput() {
        if (input == null) {
            throw new IllegalStateException("model '" + this + "': the input image shape is not known yet; give it"
                    + " first (1x28x28-...) or take it from the data with withInput");
        }
    }

    /** What a {@link Layer} of the built model does. */
    public enum LayerKind { UNFLATTEN, CONVOLUTION, BATCH_NORM, ACTIVATION, MAX_POOL, AVERAGE_POOL, FLATTEN, LINEAR }

    /**
     * One layer of the model {@link #build} makes, as shapes of one example (no batch dimension), for those that must
     * know the model without allocating it (a memory estimate). {@code kernel} is the side of a convolution's or
     * pooling's window (0 otherwise); {@code parameters} counts weights and biases (batch norm: its scale and shift).
     */
    public record Layer(LayerKind kind, int[] inputShape, int[] outputShape, int kernel, long parameters) {
        /** Copies the shapes. */
        public Layer {
            inputShape = inputShape.clone();
            outputShape = outputShape.clone();
        }

        /** The input shape of one example. */
        @Override
        public int[] inputShape() {
            return inputShape.clone();
        }

        /** The output shape of one example. */
        @Override
        public int[] outputShape() {
            return outputShape.clone();
        }

        /** The number of values in one example's output. */
        public long outputs() {
            long n = 1;
            for (int d : outputShape) {
                n *= d;
            }
            return n;
        }
    }

    /**
     * The layers {@link #build} makes, in order, with an activation after every convolution and every linear layer
     * (the last one's is the output activation, which {@code build} leaves out when it is the identity).
     */
    public List<Layer> layers() {
        requireInput();
        List<Layer> layers = new ArrayList<>();
        int[] shape = input.clone();
        if (convolutional) {
            layers.add(new Layer(LayerKind.UNFLATTEN, new int[] {inputs()}, shape, 0, 0));
        }
        boolean flat = !convolutional;
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            boolean norm = i + 1 < steps.size() && steps.get(i + 1) instanceof Norm;
            if (s instanceof Conv c) {
                int k = c.kernel();
                int[] out = {c.channels(), shape[1] + 2 * (k / 2) - k + 1, shape[2] + 2 * (k / 2) - k + 1};
                layers.add(new Layer(LayerKind.CONVOLUTION, shape, out, k, (long) c.channels() * shape[0] * k * k
                        + c.channels()));
                shape = out;
                if (norm) {
                    layers.add(new Layer(LayerKind.BATCH_NORM, shape, shape, 0, 2L * shape[0]));
                }
                layers.add(new Layer(LayerKind.ACTIVATION, shape, shape, 0, 0));
            } else if (s instanceof Pool p) {
                int[] out = {shape[0], shape[1] / 2, shape[2] / 2};
                layers.add(new Layer(p.max() ? LayerKind.MAX_POOL : LayerKind.AVERAGE_POOL, shape, out, 2, 0));
                shape = out;
            } else if (s instanceof Width width) {
                if (!flat) {
                    long features = (long) shape[0] * shape[1] * shape[2];
                    if (features > Integer.MAX_VALUE) {
                        throw new IllegalArgumentException("model '" + this + "': " + features + " features reach the"
                                + " first linear layer, more than an array holds; use fewer channels or more pooling");
                    }
                    int[] out = {(int) features};
                    layers.add(new Layer(LayerKind.FLATTEN, shape, out, 0, 0));
                    shape = out;
                    flat = true;
                }
                int[] out = {width.size()};
                layers.add(new Layer(LayerKind.LINEAR, shape, out, 0, (long) shape[0] * width.size() + width.size()));
                shape = out;
                if (i < steps.size() - 1 && norm) {
                    layers.add(new Layer(LayerKind.BATCH_NORM, shape, shape, 0, 2L * shape[0]));
                }
                layers.add(new Layer(LayerKind.ACTIVATION, shape, shape, 0, 0));
            }
        }
        return layers;
    }

    /**
     * A fresh model: the hidden activation after every convolution and hidden linear layer, {@code output} after the
     * last (nothing for {@link Activation#identity()}). Linear layers start from {@code init} (biases from it when
     * it is a fan-in or N(0,1) rule, else zero), as {@link Sequential#mlp} does; convolutions start as PyTorch's.
     */
    public Sequential build(Activation hidden, Activation output, Init init, DType dtype, Rng rng) {
        if (!convolutional) {
            return Sequential.mlp(widths(), hidden, output, init, dtype, rng);
        }
        List<Layer> plan = layers();
        List<Module> layers = new ArrayList<>();
        Init biasInit = init == Init.STANDARD_NORMAL || init == Init.UNIFORM_FAN_IN ? init : Init.ZEROS;
        for (int i = 0; i < plan.size(); i++) {
            Layer l = plan.get(i);
            int[] in = l.inputShape();
            int[] out = l.outputShape();
            switch (l.kind()) {
                case UNFLATTEN -> layers.add(Unflatten.of(input));
                case CONVOLUTION -> layers.add(Conv2d.of(in[0], out[0], l.kernel(), 1, l.kernel() / 2, 1, 1, true,
                        dtype, rng));
                case BATCH_NORM -> layers.add(BatchNorm.of(in[0], in.length == 3, 0.1, 1e-5, dtype));
                case MAX_POOL -> layers.add(Pool2d.max(2));
                case AVERAGE_POOL -> layers.add(Pool2d.average(2));
                case FLATTEN -> layers.add(Flatten.of());
                case LINEAR -> layers.add(Linear.of(in[0], out[0], init, biasInit, dtype, rng));
                case ACTIVATION -> {
                    Activation a = i == plan.size() - 1 ? output : hidden;
                    // a convolution is always followed by its activation module; a linear layer not by the identity
                    if (in.length == 3 || a.kind() != Activation.Kind.IDENTITY) {
                        layers.add(a);
                    }
                }
            }
        }
        return Sequential.of(layers);
    }

    /** The text form: the widths of a perceptron, or the convolutional grammar with the input shape when known. */
    @Override
    public String toString() {
        if (text != null) {
            return text;
        }
        StringBuilder sb = new StringBuilder();
        for (Step s : steps) {
            sb.append(sb.length() == 0 ? "" : "-");
            if (s instanceof Conv c) {
                sb.append("conv").append(c.channels()).append(c.kernel() == 3 ? "" : "k" + c.kernel());
            } else if (s instanceof Pool p) {
                sb.append(p.max() ? "pool" : "avgpool");
            } else if (s instanceof Norm) {
                sb.append("bn");
            } else {
                sb.append(((Width) s).size());
            }
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSpec m && toString().equals(m.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
