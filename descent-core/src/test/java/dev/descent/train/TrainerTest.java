package dev.descent.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.Dataset;
import dev.descent.data.Generated;
import dev.descent.io.Checkpoint;
import dev.descent.loss.Losses;
import dev.descent.nn.Activation;
import dev.descent.nn.Init;
import dev.descent.nn.Linear;
import dev.descent.nn.Sequential;
import dev.descent.optim.Adam;
import dev.descent.optim.GradientDescent;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Sgd;
import dev.descent.optim.schedule.ReduceOnPlateau;
import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import dev.descent.tensor.kernel.Parallelism;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

    private static double accuracyAfterTraining(Dataset all, int hidden, int epochs, double learningRate) {
        Dataset.Split split = all.split(0.25, 1);
        Sequential net = Sequential.mlp(new int[] {2, hidden, hidden, all.classes()}, Activation.tanh(),
                Activation.identity(), Init.XAVIER_UNIFORM, DType.F32, Rng.of(2));
        Optimizer adam = Adam.of(net.parameterTensors(), learningRate);
        Trainer.of(net, Losses.crossEntropy(), adam, TrainConfig.of(epochs, 32).withSeed(3)).fit(split.train());
        return Evaluation.of(net, split.validation(), Losses.crossEntropy(), 256, DType.F32).accuracy();
    }

    @Test
    void smallMlpClassifiesMoonsCirclesAndSpirals() {
        assertTrue(accuracyAfterTraining(Generated.moons(1000, 0.1, 5), 16, 60, 0.02) >= 0.95, "moons");
        assertTrue(accuracyAfterTraining(Generated.circles(1000, 0.05, 0.5, 5), 16, 60, 0.02) >= 0.95, "circles");
        assertTrue(accuracyAfterTraining(Generated.spirals(1200, 2, 0.05, 5), 32, 150, 0.01) >= 0.95, "spirals");
    }

    @Test
    void generatedDigitsReach95PercentWithNielsens784x30x10() {
        dev.descent.data.DataPair digits = dev.descent.data.DataSources.digits(10_000, 2_000, 1);
        Sequential net = Sequential.mlp(new int[] {784, 30, 10}, Activation.sigmoid(), Activation.sigmoid(),
                Init.STANDARD_NORMAL, DType.F32, Rng.of(1));
        Trainer.of(net, Losses.quadratic(), Sgd.of(net.parameterTensors(), 3.0), TrainConfig.of(4, 10).withSeed(1))
                .fit(digits.train());
        double accuracy = Evaluation.of(net, digits.test(), Losses.quadratic(), 500, DType.F32).accuracy();
        assertTrue(accuracy >= 0.95, "test accuracy " + accuracy);
    }

    @Test
    void noisyLineRegressionRecoversSlopeAndIntercept() {
        Dataset line = Generated.line(2000, 2.5, -1.0, 0.05, 11);
        Linear model = Linear.of(1, 1, Rng.of(1));
        Sequential net = Sequential.of(model);
        Trainer.of(net, Losses.mse(), Sgd.of(net.parameterTensors(), 0.1), TrainConfig.of(40, 32).withSeed(1))
                .fit(line);
        assertEquals(2.5, model.weight().item(), 0.025);
        assertEquals(-1.0, model.bias().item(), 0.01);
    }

    @Test
    void fullBatchGradientDescentConvergesToLeastSquares() {
        Dataset line = Generated.line(200, -0.7, 0.3, 0.2, 4);
        LeastSquares exact = LeastSquares.fit(line);
        Linear model = Linear.of(1, 1, Init.ZEROS, Init.ZEROS, DType.F64, Rng.of(1));
        Sequential net = Sequential.of(model);
        History h = Trainer.of(net, Losses.mse(), GradientDescent.of(net.parameterTensors(), 0.3),
                        new TrainConfig(3000, Integer.MAX_VALUE, 0, false, StopRules.none()))
                .setDType(DType.F64).fit(line);
        assertEquals(exact.weights()[0], model.weight().item(), 1e-6);
        assertEquals(exact.intercept(), model.bias().item(), 1e-6);
        assertEquals(3000, h.stepCount());
    }

    @Test
    void stoppingRulesEndTheRunEarly() {
        Dataset line = Generated.line(200, 1, 0, 0.0, 4);
        Sequential net = Sequential.of(Linear.of(1, 1, Rng.of(1)));
        History h = Trainer.of(net, Losses.mse(), Sgd.of(net.parameterTensors(), 0.1),
                TrainConfig.of(500, 20).withStopping(StopRules.none().withLossBelow(1e-4))).fit(line);
        assertTrue(h.epochs().size() < 500);
        assertTrue(h.stopReason().startsWith("loss"), h.stopReason());
    }

    @Test
    void sameSeedSameHistoryAndResumeMatchesUninterruptedRun(@TempDir Path dir) throws Exception {
        int threads = Parallelism.threads();
        Parallelism.setThreads(1);
        try {
            Dataset data = Generated.blobs(600, 3, 0.8, 9);
            History a = run(data, 6, null, null);
            History b = run(data, 6, null, null);
            assertEquals(a, b);

            Sequential straight = freshNet();
            Optimizer straightOpt = Adam.of(straight.parameterTensors(), 0.01);
            Trainer.of(straight, Losses.crossEntropy(), straightOpt, TrainConfig.of(6, 16).withSeed(7)).fit(data);

            Sequential first = freshNet();
            Optimizer firstOpt = Adam.of(first.parameterTensors(), 0.01);
            History half = Trainer.of(first, Losses.crossEntropy(), firstOpt, TrainConfig.of(3, 16).withSeed(7))
                    .fit(data);
            Checkpoint.save(dir, new Checkpoint(first, null, firstOpt.state(), half, java.util.Map.of("seed", "7")));

            Checkpoint loaded = Checkpoint.load(dir);
            Optimizer resumedOpt = Adam.of(loaded.model().parameterTensors(), 0.01);
            resumedOpt.loadState(loaded.optimizerState());
            History resumed = Trainer.of(loaded.model(), Losses.crossEntropy(), resumedOpt,
                    TrainConfig.of(6, 16).withSeed(7)).fit(data, null, loaded.history());
            assertEquals(6, resumed.epochs().size());
            List<Tensor> x = straight.parameterTensors();
            List<Tensor> y = loaded.model().parameterTensors();
            for (int i = 0; i < x.size(); i++) {
                assertArrayEquals(x.get(i).toFloatArray(), y.get(i).toFloatArray(), "parameter " + i);
            }
        } finally {
            Parallelism.setThreads(threads);
        }
    }

    @Test
    void libraryResumeOfAPlateauScheduledRunIsBitwiseTheUninterruptedRun(@TempDir Path dir) throws Exception {
        int threads = Parallelism.threads();
        Parallelism.setThreads(1);
        try {
            Dataset.Split data = Generated.blobs(600, 3, 1.5, 9).split(0.25, 1);
            Sequential straight = freshNet();
            History whole = new PlateauRun(straight, 12).trainer.fit(data.train(), data.validation());
            double[] rates = whole.epochs().stream().mapToDouble(EpochResult::learningRate).toArray();
            // the plateau lowered the rate after the interruption too, so its state at epoch 6 mattered
            assertTrue(rates[11] < rates[6] && rates[6] < rates[0], java.util.Arrays.toString(rates));

            PlateauRun firstHalf = new PlateauRun(freshNet(), 6);
            firstHalf.trainer.addCallback(firstHalf.saver(dir)).fit(data.train(), data.validation());
            Checkpoint saved = Checkpoint.load(dir);
            assertEquals(3, saved.scheduleState().size());
            // as written before schedules saved their state: the trainer replays the history instead
            Checkpoint old = Checkpoint.load(dir);
            old = new Checkpoint(old.model(), null, old.optimizerState(), old.history(), null);

            for (Checkpoint checkpoint : List.of(saved, old)) {
                Sequential resumed = freshNet();
                History history = new PlateauRun(resumed, 12).trainer.resume(checkpoint, data.train(),
                        data.validation());
                assertEquals(whole, history);
                List<Tensor> x = straight.parameterTensors();
                List<Tensor> y = resumed.parameterTensors();
                for (int i = 0; i < x.size(); i++) {
                    assertArrayEquals(x.get(i).toFloatArray(), y.get(i).toFloatArray(), "parameter " + i);
                }
            }
        } finally {
            Parallelism.setThreads(threads);
        }
    }

    /** SGD with momentum under ReduceOnPlateau(factor 0.5, patience 1). */
    private static final class PlateauRun {
        final Sequential net;
        final Optimizer optimizer;
        final ReduceOnPlateau schedule = ReduceOnPlateau.of(0.5, 1);
        final Trainer trainer;

        PlateauRun(Sequential net, int epochs) {
            this.net = net;
            optimizer = Sgd.momentum(net.parameterTensors(), 0.2, 0.9);
            trainer = Trainer.of(net, Losses.crossEntropy(), optimizer, TrainConfig.of(epochs, 16).withSeed(7))
                    .setSchedule(schedule);
        }

        /** Saves a checkpoint after every epoch, as {@code descent train}'s run directory does. */
        Callback saver(Path dir) {
            return new Callback() {
                @Override
                public void onEpoch(EpochResult result, History history) {
                    try {
                        Checkpoint.save(dir, new Checkpoint(net, null, optimizer.state(), history, null,
                                schedule.state()));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            };
        }
    }

    private static Sequential freshNet() {
        return Sequential.mlp(new int[] {2, 8, 3}, Activation.relu(), Activation.identity(), Init.HE_UNIFORM,
                DType.F32, Rng.of(4));
    }

    private static History run(Dataset data, int epochs, Sequential net0, Optimizer opt0) {
        Sequential net = net0 != null ? net0 : freshNet();
        Optimizer opt = opt0 != null ? opt0 : Adam.of(net.parameterTensors(), 0.01);
        return Trainer.of(net, Losses.crossEntropy(), opt, TrainConfig.of(epochs, 16).withSeed(7)).fit(data);
    }
}
