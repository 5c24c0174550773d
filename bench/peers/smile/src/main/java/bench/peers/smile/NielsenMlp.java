package bench.peers.smile;

import java.util.Arrays;
import smile.base.mlp.Layer;
import smile.base.mlp.MultilayerPerceptron;
import smile.math.MathEx;

/**
 * Smile's multilayer perceptron trained on Nielsen's quadratic cost with one-hot 1/0 targets, for configuration a.
 * Smile's {@code smile.classification.MLP} trains squared error towards 0.9/0.1 targets (its private setTarget), so
 * this subclass of Smile's own {@link MultilayerPerceptron} does the same mini-batch step as {@code MLP.update(x, y)}
 * (propagate, set target, back-propagate each row, then update with the learning rate divided by the batch size)
 * with 1/0 targets. With a sigmoid output layer on {@code Cost.MEAN_SQUARED_ERROR} Smile's output gradient is
 * (t − o)·o(1 − o), the gradient of ½‖o − t‖², and the division by the batch size makes it the batch mean.
 */
final class NielsenMlp extends MultilayerPerceptron {
    private static final long serialVersionUID = 1L;

    NielsenMlp(Layer... layers) {
        super(layers);
    }

    /** One mini-batch step on the rows {@code x} with class labels {@code y}. */
    void update(double[][] x, int[] y) {
        double[] target = this.target.get();
        for (int i = 0; i < x.length; i++) {
            propagate(x[i], true);
            Arrays.fill(target, 0.0);
            target[y[i]] = 1.0;
            backpropagate(false);
        }
        update(x.length);
        t++;
    }

    /** The class with the largest output. */
    int predict(double[] x) {
        propagate(x, false);
        return MathEx.whichMax(output.output());
    }
}
