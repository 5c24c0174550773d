package dev.descent.nn;

import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Modules applied one after another; parameters are named by position ("0.weight", "2.bias"). */
public final class Sequential implements Module {
    private final List<Module> layers;

    private Sequential(List<Module> layers) {
        this.layers = List.copyOf(layers);
    }

    public static Sequential of(Module... layers) {
        return new Sequential(List.of(layers));
    }

    public static Sequential of(List<Module> layers) {
        return new Sequential(layers);
    }

    /**
     * A multi-layer perceptron over layer widths, e.g. {784, 30, 10}: Linear layers with {@code hidden} between
     * them and {@code output} after the last (identity for logits).
     */
    public static Sequential mlp(int[] sizes, Activation hidden, Activation output, Init init, DType dtype, Rng rng) {
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
    public void setTraining(boolean training) {
        for (Module m : layers) {
            m.setTraining(training);
        }
    }

    public List<Module> layers() {
        return layers;
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
