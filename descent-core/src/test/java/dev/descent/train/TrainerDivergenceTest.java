package dev.descent.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.Dataset;
import dev.descent.data.Generated;
import dev.descent.io.Checkpoint;
import dev.descent.loss.Loss;
import dev.descent.loss.Losses;
import dev.descent.nn.Activation;
import dev.descent.nn.Init;
import dev.descent.nn.Sequential;
import dev.descent.optim.Adam;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Sgd;
import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A diverging run stops at once, with the last good parameters back in place and the learning rate diagnosed. */
class TrainerDivergenceTest {
    @TempDir
    Path dir;

    private static Sequential net() {
        return Sequential.mlp(new int[] {1, 8, 1}, Activation.tanh(), Activation.identity(), Init.XAVIER_UNIFORM,
                DType.F32, Rng.of(4));
    }

    private static List<float[]> values(Sequential net) {
        List<float[]> out = new ArrayList<>();
        for (Tensor p : net.parameterTensors()) {
            out.add(p.toFloatArray());
        }
        return out;
    }

    /** MSE times {@code factor[0]}, read at every call. */
    private static Loss scaledMse(double[] factor) {
        return new Loss() {
            @Override
            public Tensor apply(Tensor prediction, Tensor target) {
                return Losses.mse().apply(prediction, target).mul(factor[0]);
            }

            @Override
            public String name() {
                return "scaled-mse";
            }
        };
    }

    /** Raises the learning rate to {@code rate} once epoch {@code after} is done, and keeps the weights it saw. */
    private static final class RaiseRate implements Callback {
        final Optimizer optimizer;
        final Sequential net;
        final int after;
        final double rate;
        final List<Integer> epochsSeen = new ArrayList<>();
        List<float[]> weightsAfter;

        RaiseRate(Optimizer optimizer, Sequential net, int after, double rate) {
            this.optimizer = optimizer;
            this.net = net;
            this.after = after;
            this.rate = rate;
        }

        @Override
        public void onEpoch(EpochResult result, History history) {
            epochsSeen.add(result.epoch());
            if (result.epoch() == after) {
                weightsAfter = values(net);
                optimizer.setLearningRate(rate);
            }
        }
    }

    @Test
    void aBlowUpRestoresTheLastCompletedEpochAndDiagnosesTheLearningRate() throws Exception {
        Dataset line = Generated.line(256, 2.5, -1.0, 0.05, 11);
        Sequential net = net();
        Optimizer sgd = Sgd.of(net.parameterTensors(), 0.05);
        RaiseRate raise = new RaiseRate(sgd, net, 2, 50.0);
        History history = Trainer.of(net, Losses.mse(), sgd, TrainConfig.of(10, 16).withSeed(1))
                .addCallback(raise).fit(line);

        String reason = history.stopReason();
        assertTrue(reason.startsWith("diverged: the loss became "), reason);
        assertTrue(reason.contains("of epoch 3"), reason);
        assertTrue(reason.contains("restored to the end of epoch 2"), reason);
        assertTrue(reason.contains("learning rate too large"), reason);
        assertEquals(2, history.epochs().size(), "the diverged epoch is not recorded");
        assertEquals(List.of(1, 2), raise.epochsSeen, "no epoch callback sees the diverged epoch");
        List<float[]> now = values(net);
        for (int i = 0; i < now.size(); i++) {
            assertArrayEquals(raise.weightsAfter.get(i), now.get(i), "parameter " + i + " is epoch 2's");
        }
        Checkpoint.save(dir, new Checkpoint(net, null, sgd.state(), history, null));
        Checkpoint loaded = Checkpoint.load(dir);
        for (Tensor p : loaded.model().parameterTensors()) {
            assertTrue(p.isFinite(), "the checkpoint written after divergence is good");
        }
        assertEquals(2, loaded.history().epochs().size());
    }

    @Test
    void theLastEvaluationIsOfTheWeightsTheModelHoldsAtTheEnd() {
        Dataset line = Generated.line(256, 2.5, -1.0, 0.05, 11);
        Dataset validation = Generated.line(64, 2.5, -1.0, 0.05, 12);
        // a blow-up in epoch 3: the model is rolled back to epoch 2, whose evaluation is the last one
        Sequential net = net();
        Optimizer sgd = Sgd.of(net.parameterTensors(), 0.05);
        Trainer trainer = Trainer.of(net, Losses.mse(), sgd, TrainConfig.of(10, 16).withSeed(1))
                .addCallback(new RaiseRate(sgd, net, 2, 50.0));
        History history = trainer.fit(line, validation);
        assertEquals(2, history.epochs().size());
        Evaluation fresh = Evaluation.of(net, validation, Losses.mse(), 1000, DType.F32);
        assertEquals(fresh.loss(), trainer.lastEvaluation().loss());
        assertEquals(history.last().validationLoss(), trainer.lastEvaluation().loss());

        Sequential other = net();
        Trainer completed = Trainer.of(other, Losses.mse(), Sgd.of(other.parameterTensors(), 0.05),
                TrainConfig.of(3, 16).withSeed(1));
        assertEquals(null, completed.lastEvaluation());
        completed.fit(line, validation);
        Evaluation end = Evaluation.of(other, validation, Losses.mse(), 1000, DType.F32);
        assertEquals(end.loss(), completed.lastEvaluation().loss());
        assertEquals(end.rootMeanSquaredError(), completed.lastEvaluation().rootMeanSquaredError());
        completed.fit(line);
        assertEquals(null, completed.lastEvaluation(), "no validation set, no evaluation");
    }

    @Test
    void aFiniteExplosionCountsAsDivergenceToo() {
        Dataset line = Generated.line(256, 2.5, -1.0, 0.05, 11);
        Sequential net = net();
        // Multiplies the loss by 10^5 from the third epoch on: finite, but far beyond 10^4 × the first epoch's loss.
        double[] factor = {1};
        Loss loss = scaledMse(factor);
        Optimizer sgd = Sgd.of(net.parameterTensors(), 0.01);
        History history = Trainer.of(net, loss, sgd, TrainConfig.of(10, 32).withSeed(1))
                .addCallback(new Callback() {
                    @Override
                    public void onEpoch(EpochResult result, History h) {
                        factor[0] = result.epoch() == 2 ? 1e5 : factor[0];
                    }
                }).fit(line);
        assertTrue(history.stopReason().contains("at step 1 of epoch 3"), history.stopReason());
        assertTrue(history.stopReason().contains("at most 1e+04 x the reference loss"), history.stopReason());
        assertEquals(2, history.epochs().size());
    }

    @Test
    void aNanInTheFirstStepLeavesTheInitialWeightsAndOptimizerState() {
        Dataset line = Generated.line(64, 2.5, -1.0, 0.05, 11);
        Sequential net = net();
        List<float[]> initial = values(net);
        Loss nan = scaledMse(new double[] {Double.NaN});
        Optimizer adam = Adam.of(net.parameterTensors(), 0.01);
        var before = adam.state();
        History history = Trainer.of(net, nan, adam, TrainConfig.of(3, 16)).fit(line);
        assertTrue(history.stopReason().startsWith("diverged: the loss became NaN at step 1 of epoch 1"),
                history.stopReason());
        assertTrue(history.stopReason().contains("restored to their initial values"), history.stopReason());
        assertTrue(history.stopReason().contains("learning rate too large"), history.stopReason());
        assertEquals(0, history.epochs().size());
        List<float[]> now = values(net);
        for (int i = 0; i < now.size(); i++) {
            assertArrayEquals(initial.get(i), now.get(i));
        }
        assertEquals(before.keySet(), adam.state().keySet());
    }

    @Test
    void aHealthyRunIsNotCalledDiverged() {
        Dataset line = Generated.line(256, 2.5, -1.0, 0.05, 11);
        Sequential net = net();
        History history = Trainer.of(net, Losses.mse(), Adam.of(net.parameterTensors(), 0.01),
                TrainConfig.of(5, 16).withSeed(2)).fit(line);
        assertEquals("completed 5 epochs", history.stopReason());
    }
}
