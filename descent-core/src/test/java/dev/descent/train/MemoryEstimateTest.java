package dev.descent.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.descent.data.Generated;
import dev.descent.nn.ModelSpec;
import dev.descent.tensor.DType;
import org.junit.jupiter.api.Test;

class MemoryEstimateTest {
    @Test
    void countsParametersGradientsStateActivationsAndData() {
        // 784-30-10: 784*30 + 30 + 30*10 + 10 = 23,860 parameters; 40 units
        MemoryEstimate m = MemoryEstimate.ofMlp(new int[] {784, 30, 10}, DType.F32, 10, 0, 2, 1_000);
        assertEquals(23_860L * 4, m.parameters());
        assertEquals(23_860L * 4, m.gradients());
        assertEquals(23_860L * 2 * 8, m.optimizerState(), "two F64 buffers, as Adam keeps");
        assertEquals(10L * (784 + 4 * 40) * 4, m.activations());
        assertEquals(1_000, m.data());
        assertEquals(23_860L * 4 * 2 + 23_860L * 16 + 10L * (784 + 160) * 4 + 1_000, m.total());
    }

    @Test
    void evaluationBatchesCountWhenTheyAreLarger() {
        MemoryEstimate m = MemoryEstimate.ofMlp(new int[] {2, 100, 2}, DType.F64, 1, 1000, 0, 0);
        assertEquals(1000L * (2 + 2 * 102) * 8, m.activations());
    }

    @Test
    void aHugeModelDoesNotOverflow() {
        MemoryEstimate m = MemoryEstimate.ofMlp(new int[] {784, 1_000_000, 10}, DType.F32, 10, 1000, 0, 0);
        assertEquals(795_000_010L * 4, m.parameters());
        assertEquals(1000L * (784 + 2 * 1_000_010L) * 4, m.activations());
    }

    @Test
    void aConvolutionalNetworkCountsItsLayersShapesAndTheIm2colWorkspace() {
        ModelSpec spec = ModelSpec.parse("1x28x28-conv8-pool-conv16-pool-10");
        MemoryEstimate m = MemoryEstimate.of(spec, DType.F32, 64, 0, 2, 0);
        // conv 1->8 3x3: 72 + 8; conv 8->16: 1152 + 16; linear 16*7*7 -> 10: 7840 + 10 (PyTorch counts 9,098)
        assertEquals(9_098L * 4, m.parameters());
        assertEquals(9_098L * 2 * 8, m.optimizerState());
        // input; conv, relu: output and gradient; max pool: also the argmax; flatten: a view; linear and its output
        long perExample = 784 + 2 * 6272 + 2 * 6272 + 3 * 1568 + 2 * 3136 + 2 * 3136 + 3 * 784 + 2 * 10 + 2 * 10;
        assertEquals(64L * perExample * 4, m.activations());
        // the second convolution's columns are the larger: 8 channels x 3x3 x 14x14 positions, and their gradient
        assertEquals(64L * 2 * (8 * 9 * 196) * 4, m.workspace());
        assertEquals(m.parameters() * 2 + m.optimizerState() + m.activations() + m.workspace(), m.total());

        MemoryEstimate bn = MemoryEstimate.of(ModelSpec.parse("1x28x28-conv8k5-bn-pool-10"), DType.F64, 1, 1000, 0, 0);
        // conv 1->8 5x5: 200 + 8; batch norm: 8 scales and 8 shifts; linear 8*14*14 -> 10: 15680 + 10
        assertEquals((208L + 16 + 15_690) * 8, bn.parameters());
        // evaluation's 1000 examples outweigh one training example: outputs only, no gradients
        assertEquals(1000L * (784 + 6272 + 6272 + 6272 + 1568 + 10 + 10) * 8, bn.activations());
        assertEquals(1000L * (25 * 784) * 8, bn.workspace());
    }

    @Test
    void aPerceptronSpecIsEstimatedAsOfMlp() {
        assertEquals(MemoryEstimate.ofMlp(new int[] {784, 30, 10}, DType.F32, 10, 1000, 1, 5),
                MemoryEstimate.of(ModelSpec.perceptron(784, 30, 10), DType.F32, 10, 1000, 1, 5));
    }

    @Test
    void dataBytesAreFeaturesAndLabels() {
        assertEquals(100L * (2 * 4 + 4), MemoryEstimate.bytes(Generated.moons(100, 0.1, 1)));
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> MemoryEstimate.ofMlp(new int[] {3}, DType.F32, 1, 1, 0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> MemoryEstimate.ofMlp(new int[] {3, 1}, DType.F32, 0, 1, 0, 0));
    }
}
