package bench.peers.smile;

import java.util.Random;
import smile.base.mlp.ActivationFunction;
import smile.base.mlp.Cost;
import smile.base.mlp.HiddenLayer;
import smile.base.mlp.OutputFunction;
import smile.base.mlp.OutputLayer;
import smile.math.matrix.Matrix;

/**
 * Smile layers with Nielsen's initialization, N(0, 1) for every weight and bias, for configuration a. Smile's own
 * layers start from Xavier-uniform weights and zero biases and have no other initializer, so these subclasses
 * overwrite the parameters (protected fields of {@code smile.base.mlp.Layer}) right after construction.
 */
final class NormalInit {
    private NormalInit() {
    }

    /** A sigmoid hidden layer of {@code neurons} units over {@code inputs} inputs. */
    static HiddenLayer sigmoid(int neurons, int inputs, Random normal) {
        return new NormalHidden(neurons, inputs, normal);
    }

    /** A sigmoid output layer of {@code neurons} units trained on squared error. */
    static OutputLayer sigmoidSquaredError(int neurons, int inputs, Random normal) {
        return new NormalOutput(neurons, inputs, normal);
    }

    private static void fill(Matrix weight, double[] bias, Random normal) {
        for (int i = 0; i < weight.nrow(); i++) {
            for (int j = 0; j < weight.ncol(); j++) {
                weight.set(i, j, normal.nextGaussian());
            }
        }
        for (int i = 0; i < bias.length; i++) {
            bias[i] = normal.nextGaussian();
        }
    }

    private static final class NormalHidden extends HiddenLayer {
        private static final long serialVersionUID = 1L;

        NormalHidden(int neurons, int inputs, Random normal) {
            super(neurons, inputs, 0.0, ActivationFunction.sigmoid());
            fill(weight, bias, normal);
        }
    }

    private static final class NormalOutput extends OutputLayer {
        private static final long serialVersionUID = 1L;

        NormalOutput(int neurons, int inputs, Random normal) {
            super(neurons, inputs, OutputFunction.SIGMOID, Cost.MEAN_SQUARED_ERROR);
            fill(weight, bias, normal);
        }
    }
}
