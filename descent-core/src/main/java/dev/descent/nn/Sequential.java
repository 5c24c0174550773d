package dev.descent.nn;

import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Modules applied one after another; parameters are named by position ("0.weight", "2.bias"), as PyTorch's
 * {@code nn.Sequential} names them: activations and dropout take an index too, so Linear layers are 0, 2, 4, …
 * {@link #stateDict()} and {@link #loadStateDict} exchange weights with PyTorch's {@code state_dict} layout.
 */
public final class Sequential implements Module {
    private final List<Module> layers;
    private boolean training = true;

    private Sequential(List<Module> layers) {
        this.layers = List.copyOf(layers);
    }

    /** The layers in order, e.g. {@code Sequential.of(Linear.of(2, 16, rng), Activation.relu(), Linear.of(16, 2, rng))}. */
    public static Sequential of(Module... layers) {
        return of(layers == null ? null : java.util.Arrays.asList(layers));
    }

    /** The layers in order. */
    public static Sequential of(List<Module> layers) {
        if (layers == null || layers.contains(null)) {
            throw new IllegalArgumentException("Sequential.of: " + (layers == null ? "layers is null" : "layer "
                    + layers.indexOf(null) + " is null") + "; pass modules such as Linear.of(2, 16, Rng.of(0)) or"
                    + " Activation.relu() (Activation.identity() for none)");
        }
        return new Sequential(layers);
    }

    /**
     * A multi-layer perceptron for classification or regression, e.g. {@code mlp(784, 30, 10)}: Linear layers with
     * ReLU between them and raw outputs (logits, for {@code Losses.crossEntropy()}) after the last, PyTorch's
     * default initialization, F32, seed 0. {@link Mlp} chooses other activations, initializers, dtypes and seeds.
     */
    public static Sequential mlp(int... sizes) {
        return Mlp.of(sizes).build();
    }

    /**
     * A multi-layer perceptron over layer widths, e.g. {784, 30, 10}: Linear layers with {@code hidden} between
     * them and {@code output} after the last ({@link Activation#identity()} for logits). {@link Mlp} reads better.
     */
    public static Sequential mlp(int[] sizes, Activation hidden, Activation output, Init init, DType dtype, Rng rng) {
        if (sizes == null) {
            throw new IllegalArgumentException("mlp: sizes is null; pass the layer widths, e.g. {784, 30, 10}");
        }
        if (hidden == null) {
            throw new IllegalArgumentException("mlp: hidden is null; pass an activation such as Activation.relu()");
        }
        if (output == null) {
            throw new IllegalArgumentException("mlp: output is null; for raw outputs (logits) pass"
                    + " Activation.identity()");
        }
        if (init == null || dtype == null || rng == null) {
            String which = init == null ? "init is null; pass e.g. Init.UNIFORM_FAN_IN"
                    : dtype == null ? "dtype is null; pass DType.F32 or DType.F64" : "rng is null; pass e.g. Rng.of(42)";
            throw new IllegalArgumentException("mlp: " + which);
        }
        if (sizes.length < 2) {
            throw new IllegalArgumentException("mlp: need at least an input and an output width, got "
                    + java.util.Arrays.toString(sizes));
        }
        List<Module> layers = new ArrayList<>();
        for (int i = 0; i + 1 < sizes.length; i++) {
            Init biasInit = init == Init.STANDARD_NORMAL || init == Init.UNIFORM_FAN_IN ? init : Init.ZEROS;
            layers.add(Linear.of(sizes[i], sizes[i + 1], init, biasInit, dtype, rng));
            Activation a = i + 2 < sizes.length ? hidden : output;
            if (a.kind() != Activation.Kind.IDENTITY) {
                layers.add(a);
            }
        }
        return new Sequential(layers);
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (int i = 0; i < layers.size(); i++) { // indexed: no iterator per training step
            x = layers.get(i).forward(x);
        }
        return x;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            for (Parameter p : layers.get(i).parameters()) {
                out.add(p.prefixed(Integer.toString(i)));
            }
        }
        return out;
    }

    @Override
    public List<Buffer> buffers() {
        List<Buffer> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            for (Buffer b : layers.get(i).buffers()) {
                out.add(b.prefixed(Integer.toString(i)));
            }
        }
        return out;
    }

    @Override
    public void setTraining(boolean training) {
        this.training = training;
        for (Module m : layers) {
            m.setTraining(training);
        }
    }

    @Override
    public boolean isTraining() {
        return training;
    }

    public List<Module> layers() {
        return layers;
    }

    /**
     * The parameters and buffers as PyTorch's {@code nn.Sequential.state_dict()} holds them: the names of
     * {@link #parameters()} and {@link #buffers()}, each layer's parameters before its buffers, Linear weights transposed to PyTorch's [out_features, in_features] (Descent computes with [in, out]), in the
     * model's dtype. Fresh tensors, cut off from the graph; {@code load_state_dict(strict=True)} takes them.
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> state = new LinkedHashMap<>();
        try (var ignored = Tensor.noGrad()) {
            for (int i = 0; i < layers.size(); i++) {
                for (Parameter p : layers.get(i).parameters()) {
                    Tensor v = p.value();
                    boolean transpose = layers.get(i) instanceof Linear && p.name().equals("weight");
                    state.put(i + "." + p.name(), transpose ? v.transpose(0, 1).copy() : v.copy());
                }
                for (Buffer b : layers.get(i).buffers()) {
                    state.put(i + "." + b.name(), b.value().copy());
                }
            }
        }
        return state;
    }

    /** Copies weights from a state dict without a prefix; see {@link #loadStateDict(Map, String)}. */
    public void loadStateDict(Map<String, Tensor> state) {
        loadStateDict(state, "");
    }

    /**
     * Copies weights from a state dict in PyTorch's layout (as {@link #stateDict()} gives them, or
     * {@code torch.nn.Sequential.state_dict()} saved as safetensors), strictly: every parameter must be there under
     * {@code prefix} + its name with the right shape, and no other name may start with {@code prefix} (names
     * outside it are ignored). F32 and F64 are converted to the model's dtype. Nothing is copied unless all
     * tensors fit; errors name the tensor.
     */
    public void loadStateDict(Map<String, Tensor> state, String prefix) {
        if (state == null || prefix == null) {
            throw new IllegalArgumentException("loadStateDict: " + (state == null ? "state" : "prefix")
                    + " is null; pass the tensors by name" + (state == null ? "" : " and \"\" for no prefix"));
        }
        Map<Tensor, Tensor> copies = new LinkedHashMap<>();
        TreeSet<String> expected = new TreeSet<>();
        for (int i = 0; i < layers.size(); i++) {
            Module layer = layers.get(i);
            for (Parameter p : layer.parameters()) {
                String name = prefix + i + "." + p.name();
                expected.add(name);
                Tensor saved = state.get(name);
                int[] shape = p.value().shape();
                boolean transpose = layer instanceof Linear && p.name().equals("weight");
                int[] wanted = transpose ? new int[] {shape[1], shape[0]} : shape;
                String layout = transpose ? " ([out_features, in_features], as PyTorch)" : "";
                if (saved == null) {
                    throw new IllegalArgumentException("missing tensor " + name + ": layer " + i + " " + layer
                            + " needs it, shape " + Arrays.toString(wanted) + layout);
                }
                if (!Arrays.equals(saved.shape(), wanted)) {
                    throw new IllegalArgumentException("tensor " + name + " has shape "
                            + Arrays.toString(saved.shape()) + ", layer " + i + " " + layer + " needs "
                            + Arrays.toString(wanted) + layout);
                }
                copies.put(p.value(), transpose ? saved.transpose(0, 1) : saved);
            }
            for (Buffer b : layer.buffers()) {
                String name = prefix + i + "." + b.name();
                expected.add(name);
                Tensor saved = state.get(name);
                int[] shape = b.value().shape();
                if (saved == null) {
                    throw new IllegalArgumentException("missing tensor " + name + ": layer " + i + " " + layer
                            + " needs it, shape " + Arrays.toString(shape));
                }
                if (!Arrays.equals(saved.shape(), shape)) {
                    throw new IllegalArgumentException("tensor " + name + " has shape "
                            + Arrays.toString(saved.shape()) + ", layer " + i + " " + layer + " needs "
                            + Arrays.toString(shape));
                }
                copies.put(b.value(), saved);
            }
        }
        for (String name : state.keySet()) {
            if (name.startsWith(prefix) && !expected.contains(name)) {
                throw new IllegalArgumentException("unexpected tensor " + name + ": the model " + Architecture.describe(this)
                        + " has only " + (expected.isEmpty() ? "no parameters" : String.join(", ", expected)));
            }
        }
        try (var ignored = Tensor.noGrad()) {
            copies.forEach((target, source) -> target.copyFrom(source.to(target.dtype())));
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Sequential(\n");
        for (int i = 0; i < layers.size(); i++) {
            sb.append("  (").append(i).append("): ").append(layers.get(i)).append('\n');
        }
        return sb.append(')').toString();
    }
}
