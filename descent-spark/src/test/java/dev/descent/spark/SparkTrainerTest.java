package dev.descent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.Dataset;
import dev.descent.data.Generated;
import dev.descent.loss.Loss;
import dev.descent.loss.Losses;
import dev.descent.nn.Activation;
import dev.descent.nn.Dropout;
import dev.descent.nn.Linear;
import dev.descent.nn.Mlp;
import dev.descent.nn.Module;
import dev.descent.nn.Sequential;
import dev.descent.optim.Adam;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Sgd;
import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import dev.descent.train.Callback;
import dev.descent.train.EpochResult;
import dev.descent.train.History;
import dev.descent.train.TrainConfig;
import dev.descent.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Spark against one machine: the same seed and batches give the same weights and history (F64, 1e-9 relative). */
class SparkTrainerTest {
    /** The promise: only the order of summing the partitions' gradients differs. */
    static final double TOLERANCE = 1e-9;
    static final TrainConfig CONFIG = new TrainConfig(2, 16, 7, false, null);

    static Dataset blobs() {
        return Generated.blobs(40, 3, 1.0, 3); // 40 = 2 full batches of 16 and one of 8
    }

    static Sequential model() {
        return Mlp.of(2, 8, 3).withActivation(Activation.tanh()).withDType(DType.F64).withSeed(11).build();
    }

    static Optimizer optimizer(String kind, Module model) {
        return switch (kind) {
            case "sgd" -> Sgd.of(model.parameterTensors(), 0.3);
            case "momentum" -> Sgd.momentum(model.parameterTensors(), 0.1, 0.9);
            case "adam" -> Adam.of(model.parameterTensors(), 0.02);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @ParameterizedTest(name = "{0} on {1} partitions")
    @CsvSource({"sgd, 1", "sgd, 2", "sgd, 4", "momentum, 1", "momentum, 2", "momentum, 4", "adam, 1", "adam, 2",
        "adam, 4"})
    void sameWeightsAndHistoryAsTrainerOnOneMachine(String kind, int partitions) {
        Dataset data = blobs();
        Sequential local = model();
        History expected = Trainer.of(local, Losses.crossEntropy(), optimizer(kind, local), CONFIG)
                .setDType(DType.F64).fit(data);

        Sequential distributed = model();
        List<Integer> steps = new ArrayList<>();
        List<Integer> epochs = new ArrayList<>();
        SparkExamples rows = SparkExamples.classification(SparkExamples.toRows(LocalSpark.session(), data), 3)
                .withPartitions(partitions);
        History actual = SparkTrainer.of(distributed, Losses.crossEntropy(), optimizer(kind, distributed), CONFIG)
                .setDType(DType.F64).addCallback(new Callback() {
                    @Override
                    public void onStep(int epoch, int step, int stepsPerEpoch, double loss) {
                        steps.add(step);
                    }

                    @Override
                    public void onEpoch(EpochResult result, History history) {
                        epochs.add(result.epoch());
                    }
                }).fit(rows, null);

        assertClose(local, distributed);
        assertClose(expected.stepLosses(), actual.stepLosses(), "step losses");
        assertClose(expected.stepGradientNorms(), actual.stepGradientNorms(), "gradient norms");
        assertEquals(expected.epochs().size(), actual.epochs().size());
        for (int e = 0; e < expected.epochs().size(); e++) {
            assertEquals(expected.epochs().get(e).trainAccuracy(), actual.epochs().get(e).trainAccuracy());
        }
        assertEquals(expected.stopReason(), actual.stopReason());
        assertEquals(6, steps.size()); // 3 batches in each of 2 epochs
        assertEquals(List.of(1, 2), epochs);
    }

    @Test
    void regressionRowsOfAnRddTrainAsOnOneMachine() {
        Dataset data = Generated.line(50, 2.0, -1.0, 0.1, 5);
        BiFunction<Sequential, TrainConfig, Optimizer> sgd = (m, c) -> Sgd.momentum(m.parameterTensors(), 0.05, 0.5);
        Sequential local = Mlp.of(1, 4, 1).withDType(DType.F64).withSeed(2).build();
        TrainConfig config = new TrainConfig(3, 8, 1, true, null);
        Trainer.of(local, Losses.mse(), sgd.apply(local, config), config).setDType(DType.F64).fit(data);

        List<Row> list = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            list.add(RowFactory.create(toDoubles(data.example(i)), (double) data.target(i)[0]));
        }
        JavaRDD<Row> rdd = LocalSpark.context().parallelize(list, 3);
        Sequential distributed = Mlp.of(1, 4, 1).withDType(DType.F64).withSeed(2).build();
        SparkTrainer.of(distributed, Losses.mse(), sgd.apply(distributed, config), config).setDType(DType.F64)
                .setTreeDepth(3).fit(SparkExamples.regression(rdd), null);
        assertClose(local, distributed);
    }

    @Test
    void sumOfSquaredErrorsAddsThePartitionsUnweighted() {
        Dataset data = Generated.line(40, -1.0, 0.5, 0.1, 6);
        TrainConfig config = new TrainConfig(2, 10, 3, false, null);
        Sequential local = Mlp.of(1, 3, 1).withDType(DType.F64).withSeed(4).build();
        Trainer.of(local, Losses.sse(), Sgd.of(local.parameterTensors(), 0.01), config).setDType(DType.F64)
                .fit(data);
        Sequential distributed = Mlp.of(1, 3, 1).withDType(DType.F64).withSeed(4).build();
        SparkTrainer.of(distributed, Losses.sse(), Sgd.of(distributed.parameterTensors(), 0.01), config)
                .setDType(DType.F64).fit(SparkExamples.regression(SparkExamples.toRows(LocalSpark.session(), data))
                        .withPartitions(4), null);
        assertClose(local, distributed);
    }

    @Test
    void refusesWhatPartitionsCannotReproduce() {
        SparkExamples rows = SparkExamples.classification(SparkExamples.toRows(LocalSpark.session(), blobs()), 3);
        Sequential dropout = Sequential.of(Linear.of(2, 3, Rng.of(1)), Dropout.of(0.5, Rng.of(2)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparkTrainer.of(dropout,
                Losses.crossEntropy(), Sgd.of(dropout.parameterTensors(), 0.1), CONFIG).fit(rows, null));
        assertTrue(e.getMessage().contains("dropout"), e.getMessage());

        Sequential m = model();
        Loss summed = Losses.crossEntropy(dev.descent.loss.Reduction.SUM);
        e = assertThrows(IllegalArgumentException.class, () -> SparkTrainer.of(m, summed,
                Sgd.of(m.parameterTensors(), 0.1), CONFIG).fit(rows, null));
        assertTrue(e.getMessage().contains("default reduction"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> SparkTrainer.of(m, Losses.crossEntropy(),
                Lbfgs.of(m.parameterTensors()), CONFIG).fit(rows, null));
        assertTrue(e.getMessage().contains("first-order"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> SparkExamples.classification(
                SparkExamples.toRows(LocalSpark.session(), blobs()), "pixels", "label", 3));
        assertTrue(e.getMessage().contains("no column 'pixels'"), e.getMessage());
    }

    static double[] toDoubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    /** Every weight of {@code b} within {@link #TOLERANCE} of {@code a}'s, relative to the largest weight. */
    static void assertClose(Module a, Module b) {
        List<Tensor> pa = a.parameterTensors();
        List<Tensor> pb = b.parameterTensors();
        assertEquals(pa.size(), pb.size());
        for (int i = 0; i < pa.size(); i++) {
            assertClose(pa.get(i).toDoubleArray(), pb.get(i).toDoubleArray(), "parameter " + i);
        }
    }

    static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": lengths");
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst <= TOLERANCE * scale, what + ": differs by " + worst + " at scale " + scale);
    }
}
