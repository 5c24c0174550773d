package dev.descent.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.data.Dataset;
import dev.descent.data.Generated;
import dev.descent.loss.Losses;
import dev.descent.nn.Activation;
import dev.descent.nn.BatchNorm;
import dev.descent.nn.Init;
import dev.descent.nn.ModelSpec;
import dev.descent.nn.Sequential;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Sgd;
import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import dev.descent.train.History;
import dev.descent.train.TrainConfig;
import dev.descent.train.Trainer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Convolutional models with batch norm save, load and resume exactly, buffers included. */
class ConvCheckpointTest {
    private static Sequential freshNet() {
        return ModelSpec.parse("1x28x28-conv4k5-bn-pool-conv4-pool-12-bn-10").build(Activation.relu(),
                Activation.identity(), Init.HE_NORMAL, DType.F32, Rng.of(3));
    }

    @Test
    void resumeOfABatchNormConvNetIsBitwiseTheUninterruptedRun(@TempDir Path dir) throws Exception {
        Dataset data = Generated.digits(96, 5);
        Sequential straight = freshNet();
        Optimizer straightOpt = Sgd.momentum(straight.parameterTensors(), 0.05, 0.9);
        Trainer.of(straight, Losses.crossEntropy(), straightOpt, TrainConfig.of(2, 16).withSeed(7)).fit(data);

        Sequential first = freshNet();
        Optimizer firstOpt = Sgd.momentum(first.parameterTensors(), 0.05, 0.9);
        History half = Trainer.of(first, Losses.crossEntropy(), firstOpt, TrainConfig.of(1, 16).withSeed(7)).fit(data);
        Checkpoint.save(dir, new Checkpoint(first, null, firstOpt.state(), half, Map.of("seed", "7")));

        Checkpoint loaded = Checkpoint.load(dir);
        assertEquals(dev.descent.nn.Architecture.describe(straight), loaded.architecture());
        Optimizer resumedOpt = Sgd.momentum(loaded.model().parameterTensors(), 0.05, 0.9);
        resumedOpt.loadState(loaded.optimizerState());
        Trainer.of(loaded.model(), Losses.crossEntropy(), resumedOpt, TrainConfig.of(2, 16).withSeed(7))
                .fit(data, null, loaded.history());
        Map<String, Tensor> x = straight.stateDict();
        Map<String, Tensor> y = loaded.model().stateDict();
        assertEquals(x.keySet(), y.keySet());
        x.forEach((name, value) -> assertArrayEquals(value.toFloatArray(), y.get(name).toFloatArray(), name));
        BatchNorm bn = (BatchNorm) straight.layers().get(2);
        assertEquals(12.0, x.get("2.num_batches_tracked").item(), "6 batches a epoch, two epochs");
        assertArrayEquals(new int[] {4, 1, 5, 5}, x.get("1.weight").shape());
        assertEquals(4, bn.features());
    }
}
