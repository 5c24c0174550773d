package dev.descent.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.Dataset;
import dev.descent.data.Generated;
import dev.descent.loss.Loss;
import dev.descent.loss.Losses;
import dev.descent.nn.Mlp;
import dev.descent.nn.Module;
import dev.descent.nn.Sequential;
import dev.descent.optim.Adam;
import dev.descent.optim.Lbfgs;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trainer's hook for examples that live elsewhere: the same batches and, computed alike, the same bits. */
class BatchGradientsTest {

    /** Examples "elsewhere" that compute each batch exactly as the trainer does in process. */
    private static final class InProcess implements BatchGradients {
        final Dataset data;
        final Module model;
        final Loss loss;
        final List<int[]> asked = new ArrayList<>();

        InProcess(Dataset data, Module model, Loss loss) {
            this.data = data;
            this.model = model;
            this.loss = loss;
        }

        @Override
        public int size() {
            return data.size();
        }

        @Override
        public boolean isClassification() {
            return data.isClassification();
        }

        @Override
        public Result compute(int[] indices) {
            asked.add(indices);
            Dataset batch = data.subset(indices);
            Tensor output = model.forward(batch.features().to(DType.F64));
            Tensor l = loss.apply(output, batch.targets().to(DType.F64));
            l.backward();
            int[] predicted = output.argmax(-1);
            long correct = 0;
            for (int i = 0; i < indices.length; i++) {
                correct += predicted[i] == batch.label(i) ? 1 : 0;
            }
            return new Result(l.item(), correct);
        }
    }

    @Test
    void fitOnBatchGradientsWalksTheSameBatchesToTheSameBits() {
        Dataset data = Generated.moons(70, 0.1, 3);
        TrainConfig config = new TrainConfig(3, 16, 5, false, null);
        Sequential local = Mlp.of(2, 6, 2).withDType(DType.F64).withSeed(1).build();
        History expected = Trainer.of(local, Losses.crossEntropy(), Adam.of(local.parameterTensors(), 0.05), config)
                .setDType(DType.F64).fit(data);

        Sequential remote = Mlp.of(2, 6, 2).withDType(DType.F64).withSeed(1).build();
        InProcess gradients = new InProcess(data, remote, Losses.crossEntropy());
        History actual = Trainer.of(remote, Losses.crossEntropy(), Adam.of(remote.parameterTensors(), 0.05), config)
                .setDType(DType.F64).fit(gradients, null, new History());

        List<int[]> batches = new ArrayList<>();
        for (int epoch = 1; epoch <= 3; epoch++) {
            batches.addAll(Dataset.shuffledBatchIndices(70, 16, 5 + epoch, false));
        }
        assertEquals(batches.size(), gradients.asked.size());
        for (int i = 0; i < batches.size(); i++) {
            assertArrayEquals(batches.get(i), gradients.asked.get(i));
        }
        assertEquals(expected, actual);
        for (int i = 0; i < local.parameterTensors().size(); i++) {
            assertArrayEquals(local.parameterTensors().get(i).toDoubleArray(),
                    remote.parameterTensors().get(i).toDoubleArray());
        }
    }

    @Test
    void optimizersThatReevaluateTheLossAreRefused() {
        Sequential m = Mlp.of(2, 2).withDType(DType.F64).build();
        BatchGradients none = new InProcess(Generated.moons(10, 0.1, 1), m, Losses.crossEntropy());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trainer.of(m,
                Losses.crossEntropy(), Lbfgs.of(m.parameterTensors()), TrainConfig.of(1, 4)).fit(none, null,
                new History()));
        assertTrue(e.getMessage().contains("first-order optimizer"), e.getMessage());
    }
}
