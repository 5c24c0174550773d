package dev.descent.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.data.Batch;
import dev.descent.data.Dataset;
import dev.descent.data.Generated;
import dev.descent.loss.Loss;
import dev.descent.loss.Losses;
import dev.descent.nn.Activation;
import dev.descent.nn.Dropout;
import dev.descent.nn.Init;
import dev.descent.nn.Linear;
import dev.descent.nn.Sequential;
import dev.descent.optim.Adadelta;
import dev.descent.optim.Adagrad;
import dev.descent.optim.Adam;
import dev.descent.optim.AdamW;
import dev.descent.optim.GradientDescent;
import dev.descent.optim.GradientClipping;
import dev.descent.optim.Optimizer;
import dev.descent.optim.RmsProp;
import dev.descent.optim.Sgd;
import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import dev.descent.tensor.Workspace;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Training inside a {@link Workspace} gives bitwise the same parameters as without one, for the benchmark's
 * configurations a (784-30-10 sigmoid, quadratic cost, SGD, batch 10) and c (784-128-10 ReLU, softmax
 * cross-entropy, momentum SGD, batch 64), with each optimizer family that steps from the gradient alone; and the
 * {@link Trainer}, which uses a workspace, matches the plain loop written out by hand.
 */
class WorkspaceTrainingTest {
    private static final int STEPS = 12;

    private record Config(int[] sizes, Activation hidden, Activation output, Init init, Loss loss, int batch) {
    }

    private static final Config A = new Config(new int[] {784, 30, 10}, Activation.sigmoid(), Activation.sigmoid(),
            Init.STANDARD_NORMAL, Losses.quadratic(), 10);
    private static final Config C = new Config(new int[] {784, 128, 10}, Activation.relu(), Activation.identity(),
            Init.UNIFORM_FAN_IN, Losses.crossEntropy(), 64);

    private static final Function<List<Tensor>, Optimizer> SGD = p -> Sgd.of(p, 0.5);
    private static final Function<List<Tensor>, Optimizer> MOMENTUM = p -> Sgd.momentum(p, 0.1, 0.9);
    private static final Function<List<Tensor>, Optimizer> ADAM = p -> Adam.of(p, 1e-3);

    /** Parameters after STEPS steps; batches vary in size (every third is smaller) so several shapes recur. */
    private static List<Tensor> train(Config c, Function<List<Tensor>, Optimizer> optimizer, DType dtype,
                                      boolean useWorkspace) {
        Sequential net = Sequential.mlp(c.sizes(), c.hidden(), c.output(), c.init(), dtype, Rng.of(11));
        Optimizer opt = optimizer.apply(net.parameterTensors());
        Workspace workspace = useWorkspace ? Workspace.create() : null;
        Rng data = Rng.of(12);
        int inputs = c.sizes()[0];
        int classes = c.sizes()[c.sizes().length - 1];
        for (int step = 0; step < STEPS; step++) {
            int rows = step % 3 == 2 ? c.batch() / 2 : c.batch();
            Tensor x = Tensor.uniform(dtype, data, 0, 1, rows, inputs);
            int[] labels = new int[rows];
            for (int i = 0; i < rows; i++) {
                labels[i] = (int) (data.uniform(0, 1) * classes);
            }
            Tensor y = Tensor.oneHot(labels, classes, dtype);
            if (workspace != null) {
                workspace.open();
            }
            try {
                opt.zeroGrad();
                c.loss().apply(net.forward(x), y).backward();
            } finally {
                if (workspace != null) {
                    workspace.close();
                }
            }
            opt.step();
        }
        return net.parameterTensors();
    }

    private static void assertBitwiseEqual(List<Tensor> expected, List<Tensor> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            double[] e = expected.get(i).toDoubleArray();
            double[] a = actual.get(i).toDoubleArray();
            assertEquals(e.length, a.length);
            for (int j = 0; j < e.length; j++) {
                if (Double.doubleToRawLongBits(e[j]) != Double.doubleToRawLongBits(a[j])) {
                    throw new AssertionError("parameter " + i + " element " + j + ": " + e[j] + " without a"
                            + " workspace, " + a[j] + " with one");
                }
            }
        }
    }

    private static void check(Config c, Function<List<Tensor>, Optimizer> optimizer, DType dtype) {
        assertBitwiseEqual(train(c, optimizer, dtype, false), train(c, optimizer, dtype, true));
    }

    @Test
    void configurationAWithSgdMomentumAndAdam() {
        check(A, SGD, DType.F32);
        check(A, MOMENTUM, DType.F32);
        check(A, ADAM, DType.F32);
    }

    @Test
    void configurationCWithSgdMomentumAndAdam() {
        check(C, SGD, DType.F32);
        check(C, MOMENTUM, DType.F32);
        check(C, ADAM, DType.F32);
    }

    @Test
    void everyOtherElementwiseOptimizerFamily() {
        check(A, p -> GradientDescent.of(p, 0.5), DType.F32);
        check(A, p -> Sgd.nesterov(p, 0.1, 0.9), DType.F32);
        check(A, p -> Adagrad.of(p, 0.05), DType.F32);
        check(A, p -> Adadelta.of(p), DType.F32);
        check(A, p -> RmsProp.of(p, 1e-3), DType.F32);
        check(A, p -> AdamW.of(p, 1e-3), DType.F32);
    }

    @Test
    void configurationCInF64() {
        check(C, MOMENTUM, DType.F64);
    }

    @Test
    void theTrainerMatchesThePlainLoopWithoutAWorkspace() {
        Dataset train = Generated.blobs(300, 3, 1.0, 4);
        TrainConfig config = TrainConfig.of(3, 32).withSeed(8);
        Sequential trained = model();
        History history = Trainer.of(trained, Losses.crossEntropy(), Adam.of(trained.parameterTensors(), 0.01), config)
                .setGradientClipping(0.5).fit(train);

        Sequential plain = model();
        Optimizer opt = Adam.of(plain.parameterTensors(), 0.01);
        List<Double> losses = new ArrayList<>();
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            plain.setTraining(true);
            for (Batch batch : train.batches(config.batchSize(), true, config.seed() + epoch, config.dropLast())) {
                opt.zeroGrad();
                Tensor l = Losses.crossEntropy().apply(plain.forward(batch.inputs()), batch.targets());
                l.backward();
                losses.add(l.item());
                GradientClipping.clipByNorm(plain.parameterTensors(), 0.5);
                opt.step();
            }
        }
        assertArrayEquals(losses.stream().mapToDouble(Double::doubleValue).toArray(), history.stepLosses());
        assertBitwiseEqual(plain.parameterTensors(), trained.parameterTensors());
    }

    private static Sequential model() {
        Rng rng = Rng.of(21);
        return Sequential.of(Linear.of(2, 32, rng), Activation.tanh(), Dropout.of(0.2, Rng.of(22)),
                Linear.of(32, 3, rng));
    }
}
