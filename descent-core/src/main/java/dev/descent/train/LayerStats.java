package dev.descent.train;

import dev.descent.nn.Module;
import dev.descent.nn.Parameter;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Per-layer health of a training run, measured now and then at a bounded cost: for each layer (the parameters that
 * share a name prefix, {@code 0.weight} and {@code 0.bias} are layer {@code 0}) the L2 norm of its gradient and the
 * update/weight ratio ‖w<sub>after</sub> − w<sub>before</sub>‖ / ‖w<sub>before</sub>‖ of one optimizer step (about
 * 1e-3 is the classic healthy size; much larger is a learning rate too large for that layer, much smaller a layer
 * that hardly learns).
 *
 * <p>A sample takes two steps: at a sampled step it copies the weights (after that step), and at the next step it
 * reads the gradients of that step and the weights it produced. It only reads the model, so training takes the
 * same numbers with or without it. Samples are taken every {@code every} steps and only while {@code watched} says
 * someone looks, so the cost is two passes over the weights per {@code every} steps, and nothing when nobody looks.
 */
public final class LayerStats implements Callback {
    /** One measurement after global step {@code step} (counted from 1 over the whole run) of epoch {@code epoch}. */
    public record Sample(int epoch, long step, double[] gradientNorms, double[] updateRatios) {
    }

    private final List<String> layers;
    private final List<List<Tensor>> tensors;
    private final int every;
    private final BooleanSupplier watched;
    private final Consumer<Sample> listener;
    /** The weights after the sampled step, per layer and tensor; null when no sample is pending. */
    private double[][][] before;
    private long step;

    private LayerStats(Module model, int every, BooleanSupplier watched, Consumer<Sample> listener) {
        Map<String, List<Tensor>> byLayer = new LinkedHashMap<>();
        for (Parameter p : model.parameters()) {
            int dot = p.name().lastIndexOf('.');
            String layer = dot < 0 ? p.name() : p.name().substring(0, dot);
            byLayer.computeIfAbsent(layer, k -> new ArrayList<>()).add(p.value());
        }
        this.layers = List.copyOf(byLayer.keySet());
        this.tensors = List.copyOf(byLayer.values());
        this.every = every;
        this.watched = watched;
        this.listener = listener;
    }

    /**
     * Samples {@code model}'s layers every {@code every} steps (at least 2) while {@code watched} is true, handing each
     * sample to {@code listener} on the training thread (keep it short).
     */
    public static LayerStats of(Module model, int every, BooleanSupplier watched, Consumer<Sample> listener) {
        if (every < 2) {
            throw new IllegalArgumentException("every must be >= 2 (a sample spans two steps), was " + every);
        }
        return new LayerStats(model, every, watched, listener);
    }

    /** The layers' names, in the order of each sample's arrays. */
    public List<String> layers() {
        return layers;
    }

    @Override
    public void onStep(int epoch, int stepInEpoch, int stepsPerEpoch, double loss) {
        step++;
        if (before != null) {
            listener.accept(measure(epoch));
            before = null;
        } else if (step % every == 0 && watched.getAsBoolean()) {
            before = copyWeights();
        }
    }

    private double[][][] copyWeights() {
        double[][][] copy = new double[tensors.size()][][];
        for (int l = 0; l < tensors.size(); l++) {
            List<Tensor> layer = tensors.get(l);
            copy[l] = new double[layer.size()][];
            for (int t = 0; t < layer.size(); t++) {
                copy[l][t] = layer.get(t).toDoubleArray();
            }
        }
        return copy;
    }

    private Sample measure(int epoch) {
        double[] gradientNorms = new double[tensors.size()];
        double[] updateRatios = new double[tensors.size()];
        for (int l = 0; l < tensors.size(); l++) {
            double gradient = 0;
            double change = 0;
            double weight = 0;
            List<Tensor> layer = tensors.get(l);
            for (int t = 0; t < layer.size(); t++) {
                Tensor w = layer.get(t);
                double[] old = before[l][t];
                float[] f = w.floatData();
                double[] d = w.doubleData();
                for (int i = 0; i < old.length; i++) {
                    double now = f != null ? f[i] : d[i];
                    change += (now - old[i]) * (now - old[i]);
                    weight += old[i] * old[i];
                }
                gradient += squaredNorm(w.grad());
            }
            gradientNorms[l] = Math.sqrt(gradient);
            updateRatios[l] = weight == 0 ? Double.NaN : Math.sqrt(change / weight);
        }
        return new Sample(epoch, step, gradientNorms, updateRatios);
    }

    private static double squaredNorm(Tensor g) {
        if (g == null) {
            return 0;
        }
        double s = 0;
        float[] f = g.floatData();
        if (f != null) {
            for (float v : f) {
                s += (double) v * v;
            }
        } else {
            for (double v : g.doubleData()) {
                s += v * v;
            }
        }
        return s;
    }
}
