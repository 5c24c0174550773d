package dev.descent.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import dev.descent.tensor.Workspace;
import dev.descent.tensor.kernel.Parallelism;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The convolutional layers as modules: shapes, modes, state dicts, architecture strings, workspace and threads. */
class ConvLayersTest {

    private static Sequential smallNet(DType dtype, long seed) {
        Rng rng = Rng.of(seed);
        return Sequential.of(Unflatten.of(1, 8, 8),
                Conv2d.of(1, 4, 3, 1, 1, 1, 1, true, dtype, rng), BatchNorm.of(4, true, 0.1, 1e-5, dtype),
                Activation.relu(), Pool2d.max(2), Dropout2d.of(0.25, rng),
                Conv2d.of(4, 4, 3, 1, 1, 1, 2, false, dtype, rng), Activation.relu(), Pool2d.average(2), Flatten.of(),
                Linear.of(16, 6, Init.UNIFORM_FAN_IN, Init.UNIFORM_FAN_IN, dtype, rng),
                BatchNorm.of(6, false, 0.1, 1e-5, dtype), Activation.relu(),
                Linear.of(6, 3, Init.UNIFORM_FAN_IN, Init.UNIFORM_FAN_IN, dtype, rng));
    }

    @Test
    void architectureRoundTripsAndStateDictUsesPyTorchNamesAndShapes() {
        Sequential net = smallNet(DType.F32, 1);
        String spec = Architecture.describe(net);
        assertEquals("unflatten:1:8:8,conv2d:1:4:3:1:1:1:1:true,batchnorm2d:4:0.1:1.0E-5,relu,maxpool:2:2:0,"
                + "dropout2d:0.25,conv2d:4:4:3:1:1:1:2:false,relu,avgpool:2:2:0,flatten,linear:16:6,"
                + "batchnorm1d:6:0.1:1.0E-5,relu,linear:6:3", spec);
        Sequential rebuilt = Architecture.build(spec, DType.F32, Rng.of(9));
        assertEquals(spec, Architecture.describe(rebuilt));
        Map<String, Tensor> state = net.stateDict();
        assertEquals(List.of("1.weight", "1.bias", "2.weight", "2.bias", "2.running_mean", "2.running_var",
                "2.num_batches_tracked", "6.weight", "10.weight", "10.bias", "11.weight", "11.bias",
                "11.running_mean", "11.running_var", "11.num_batches_tracked", "13.weight", "13.bias"),
                List.copyOf(state.keySet()));
        assertArrayEquals(new int[] {4, 2, 3, 3}, state.get("6.weight").shape());
        net.forward(Tensor.rand(Rng.of(2), 5, 64));
        rebuilt.loadStateDict(net.stateDict());
        net.setTraining(false);
        rebuilt.setTraining(false);
        Tensor x = Tensor.rand(Rng.of(3), 4, 64);
        assertArrayEquals(net.forward(x).toFloatArray(), rebuilt.forward(x).toFloatArray());
    }

    @Test
    void evaluationModeUsesRunningStatisticsAndDropsNothing() {
        Sequential net = smallNet(DType.F64, 4);
        Tensor x = Tensor.normal(DType.F64, Rng.of(5), 0, 1, 6, 64);
        net.forward(x);
        assertTrue(net.isTraining());
        net.setTraining(false);
        assertFalse(net.isTraining());
        Tensor a = net.forward(x);
        Tensor b = net.forward(x.slice(0, 0, 1));
        // in evaluation a sample's output does not depend on the rest of the batch, and nothing is random
        assertArrayEquals(a.slice(0, 0, 1).toDoubleArray(), b.toDoubleArray(), 1e-12);
        assertArrayEquals(a.toDoubleArray(), net.forward(x).toDoubleArray());
        net.setTraining(true);
        assertNotEquals(a.toDoubleArray()[0], net.forward(x).toDoubleArray()[0]);
    }

    @Test
    void dropout2dZeroesWholeChannels() {
        Dropout2d drop = Dropout2d.of(0.5, Rng.of(7));
        Tensor x = Tensor.ones(8, 6, 3, 3);
        Tensor y = drop.forward(x);
        int zeroed = 0;
        for (int plane = 0; plane < 48; plane++) {
            double first = y.getFlat(plane * 9);
            assertTrue(first == 0.0 || first == 2.0, "kept channels are scaled by 1/(1-p)");
            for (int i = 1; i < 9; i++) {
                assertEquals(first, y.getFlat(plane * 9 + i));
            }
            zeroed += first == 0.0 ? 1 : 0;
        }
        assertTrue(zeroed > 10 && zeroed < 38, zeroed + " of 48 channels dropped");
        drop.setTraining(false);
        assertSame(x, drop.forward(x));
    }

    @Test
    void layersNameTheShapeTheyExpected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Conv2d.of(3, 4, 3, Rng.of(0)).forward(Tensor.zeros(2, 1, 5, 5)));
        assertTrue(e.getMessage().contains("expected input [N, 3, H, W], got [2, 1, 5, 5]"), e.getMessage());
        var f = assertThrows(IllegalArgumentException.class, () -> Pool2d.of(Pool2d.Kind.MAX, 2, 2, 2));
        assertTrue(f.getMessage().contains("padding <= kernel/2"), f.getMessage());
        var g = assertThrows(IllegalArgumentException.class, () -> Conv2d.of(3, 4, 3, 1, 0, 1, 2, true, DType.F32,
                Rng.of(0)));
        assertTrue(g.getMessage().contains("divide by groups=2"), g.getMessage());
    }

    /** One training step of the net: the loss and every gradient, as numbers. */
    private static float[] step(Sequential net, Tensor x) {
        net.zeroGrad();
        Tensor loss = net.forward(x).softmaxCrossEntropy(Tensor.oneHot(new int[] {0, 1, 2, 0, 1, 2, 0, 1}, 3));
        loss.backward();
        float[] out = new float[1 + (int) net.parameterCount()];
        out[0] = (float) loss.item();
        int at = 1;
        for (Tensor p : net.parameterTensors()) {
            float[] g = p.grad().toFloatArray();
            System.arraycopy(g, 0, out, at, g.length);
            at += g.length;
        }
        return out;
    }

    @Test
    void aTrainingStepIsBitwiseTheSameForAnyThreadCountAndInAWorkspace() {
        Tensor x = Tensor.rand(Rng.of(11), 8, 64);
        int saved = Parallelism.threads();
        float[] reference;
        try {
            Parallelism.setThreads(1);
            reference = step(smallNet(DType.F32, 3), x);
            Parallelism.setThreads(3);
            assertArrayEquals(reference, step(smallNet(DType.F32, 3), x));
        } finally {
            Parallelism.setThreads(saved);
        }
        Sequential net = smallNet(DType.F32, 3);
        Workspace workspace = Workspace.create();
        int size = 0;
        for (int i = 0; i < 4; i++) {
            float[] got;
            try (Workspace open = workspace.open()) {
                got = step(net, x);
            }
            if (i == 0) {
                assertArrayEquals(reference, got);
            }
            if (i == 2) {
                size = workspace.tensors();
            }
            if (i == 3) {
                assertEquals(size, workspace.tensors(), "the workspace stopped growing");
            }
        }
    }
}
