package dev.descent.cli.lesson;

import dev.descent.loss.Losses;
import dev.descent.nn.Parameter;
import dev.descent.nn.Sequential;
import dev.descent.tensor.Backprop;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * 3Blue1Brown's "which weights matter": for one image and the digit it should be, the negative gradient of the cost
 * over every weight and bias of a 784-…-10 network — the change that lowers this example's cost fastest. The larger a
 * component, the more that weight's change matters for this example.
 */
public final class WhichWeightsMatter {
    /** Most weights the ranking may list. */
    public static final int MAX_TOP = 100;

    /** One weight or bias: the parameter it belongs to, its row and column there, its value and −∂C/∂w. */
    public record Weight(String parameter, int row, int column, double value, double nudge) {
    }

    /**
     * The network's answer and the nudges: probabilities of each digit, the digit used as the target (the one asked
     * for, or the prediction), the cost, −∂C/∂W of the first layer as one 28×28 map per neuron ({@code [neuron][pixel]}),
     * and the {@code top} weights with the largest |−∂C/∂w| over the whole network.
     */
    public record Result(double[] probabilities, int predicted, int target, double cost, double[][] firstLayer,
                         List<Weight> ranked) {
    }

    private WhichWeightsMatter() {
    }

    /** The nudges for {@code pixels} (784 values in [0, 1], row by row) and {@code target} (−1: the prediction). */
    public static Result of(Sequential model, float[] pixels, int target, int top) {
        if (pixels.length != 784) {
            throw new IllegalArgumentException("pixels must hold 784 values (28×28), held " + pixels.length);
        }
        if (target < -1 || target > 9) {
            throw new IllegalArgumentException("digit must be 0-9 (or absent: the prediction), was " + target);
        }
        if (top < 1 || top > MAX_TOP) {
            throw new IllegalArgumentException("top must be between 1 and " + MAX_TOP + ", was " + top);
        }
        float[] clean = new float[784];
        for (int i = 0; i < 784; i++) {
            float v = pixels[i];
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("pixels must be numbers in [0, 1], pixel " + i + " was " + v);
            }
            clean[i] = v;
        }
        List<Parameter> parameters = model.parameters();
        Tensor logits = model.forward(Tensor.of(clean, 1, 784));
        double[] probabilities = logits.softmax(1).toDoubleArray();
        int predicted = 0;
        for (int k = 1; k < probabilities.length; k++) {
            if (probabilities[k] > probabilities[predicted]) {
                predicted = k;
            }
        }
        int digit = target < 0 ? predicted : target;
        float[] oneHot = new float[probabilities.length];
        oneHot[digit] = 1;
        Tensor cost = Losses.crossEntropy().apply(logits, Tensor.of(oneHot, 1, probabilities.length));
        List<Tensor> values = parameters.stream().map(Parameter::value).toList();
        List<Tensor> gradients = Backprop.gradients(cost, values, false);

        // the first layer's weights are stored [784, neurons]: neuron j's map is column j
        double[] first = gradients.get(0).toDoubleArray();
        int neurons = values.get(0).shape()[1];
        double[][] maps = new double[neurons][784];
        for (int i = 0; i < 784; i++) {
            for (int j = 0; j < neurons; j++) {
                maps[j][i] = -first[i * neurons + j];
            }
        }
        List<Weight> all = new ArrayList<>();
        for (int p = 0; p < parameters.size(); p++) {
            double[] g = gradients.get(p).toDoubleArray();
            double[] w = values.get(p).toDoubleArray();
            int[] shape = values.get(p).shape();
            int columns = shape.length > 1 ? shape[1] : 1;
            for (int i = 0; i < g.length; i++) {
                all.add(new Weight(parameters.get(p).name(), shape.length > 1 ? i / columns : i,
                        shape.length > 1 ? i % columns : 0, w[i], -g[i]));
            }
        }
        all.sort(Comparator.comparingDouble((Weight x) -> -Math.abs(x.nudge())));
        return new Result(probabilities, predicted, digit, cost.item(), maps, List.copyOf(all.subList(0, top)));
    }
}
