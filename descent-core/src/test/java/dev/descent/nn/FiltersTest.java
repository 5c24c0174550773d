package dev.descent.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The first convolution's weights as a dashboard draws them: PyTorch's layout and a scale symmetric around 0. */
class FiltersTest {
    @Test
    void theFirstConvolutionsWeightsInPyTorchsLayoutWithTheLargestMagnitude() {
        Sequential model = ModelSpec.parse("1x28x28-conv2-pool-conv3-10").build(Activation.relu(),
                Activation.identity(), Init.HE_NORMAL, DType.F32, Rng.of(1));
        Conv2d first = (Conv2d) model.layers().get(1);
        float[] weights = new float[2 * 9];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (i - 6) / 10f;
        }
        first.weight().copyFrom(Tensor.of(weights, 2, 1, 3, 3));
        Filters f = Filters.firstConvolution(model).orElseThrow();
        assertArrayEquals(new int[] {2, 1, 3, 3}, f.shape());
        assertArrayEquals(weights, f.values());
        assertEquals(1.1f, f.scale(), 1e-6, "|(17 - 6) / 10| is the largest magnitude");
    }

    @Test
    void aPerceptronHasNoFiltersAndZeroWeightsScaleToOne() {
        assertTrue(Filters.firstConvolution(Sequential.mlp(2, 3, 2)).isEmpty());
        Conv2d conv = Conv2d.of(1, 1, 3, Rng.of(2));
        conv.weight().copyFrom(Tensor.zeros(1, 1, 3, 3));
        assertEquals(1.0, Filters.firstConvolution(conv).orElseThrow().scale());
        assertThrows(IllegalArgumentException.class, () -> new Filters(new int[] {1, 1, 2, 2}, new float[3], 1));
    }
}
