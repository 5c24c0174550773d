package dev.descent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.Dataset;
import dev.descent.data.Generated;
import dev.descent.loss.Losses;
import dev.descent.nn.Sequential;
import dev.descent.optim.OptimizerKind;
import dev.descent.tensor.DType;
import dev.descent.train.History;
import dev.descent.train.TrainConfig;
import org.junit.jupiter.api.Test;

/** Parameter averaging every K local steps: it learns, it is repeatable, and a round is K steps per partition. */
class ModelAveragingTest {

    private static History train(Sequential model, Dataset data, int localSteps, int epochs) {
        SparkExamples rows = SparkExamples.of(LocalSpark.context(), data, 2);
        return ModelAveraging.of(model, Losses.crossEntropy(), OptimizerKind.MOMENTUM, 0.1,
                new TrainConfig(epochs, 8, 5, false, null), localSteps).setDType(DType.F64).fit(rows, null);
    }

    @Test
    void averagingEveryFourLocalStepsLearnsAndRepeats() {
        Dataset data = Generated.blobs(90, 3, 1.0, 3); // 45 examples per partition: 6 local batches of 8, 2 rounds
        Sequential a = SparkTrainerTest.model();
        History h = train(a, data, 4, 4);
        assertEquals(4, h.epochs().size());
        assertEquals(4 * 2, h.stepCount());
        assertTrue(h.epochs().get(0).trainLoss() > h.last().trainLoss(), h.epochs().toString());
        assertTrue(h.last().trainAccuracy() > 0.9, h.last().toString());

        Sequential b = SparkTrainerTest.model();
        train(b, data, 4, 4);
        SparkTrainerTest.assertClose(a, b);
    }

    @Test
    void roundsCoverEachPartitionsBatchesOnce() {
        Sequential m = SparkTrainerTest.model();
        History h = train(m, SparkTrainerTest.blobs(), 100, 2); // one round takes a partition's whole epoch
        assertEquals(2, h.stepCount());
    }

    @Test
    void argumentsAreChecked() {
        Sequential m = SparkTrainerTest.model();
        TrainConfig config = TrainConfig.of(1, 8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelAveraging.of(m,
                Losses.crossEntropy(), OptimizerKind.MOMENTUM, 0.1, config, 0));
        assertTrue(e.getMessage().contains("localSteps must be >= 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ModelAveraging.of(m, Losses.crossEntropy(),
                OptimizerKind.parse("lbfgs"), 0.1, config, 4));
        assertTrue(e.getMessage().contains("first-order"), e.getMessage());
    }
}
