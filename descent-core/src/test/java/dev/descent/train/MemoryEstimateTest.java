package dev.descent.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.descent.data.Generated;
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
