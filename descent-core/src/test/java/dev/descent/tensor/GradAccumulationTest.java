package dev.descent.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Gradients accumulated over several passes stay independent of each other and of the caller's tensors. */
class GradAccumulationTest {

    @Test
    void gradientsSharedByACreateGraphPassAreNotAliasedLater() {
        Tensor a = Tensor.scalar(1, DType.F64).requiresGrad(true);
        Tensor b = Tensor.scalar(2, DType.F64).requiresGrad(true);
        // add passes the same upstream tensor to both inputs.
        a.add(b).backward(null, false, true);
        a.mul(3).backward();
        assertEquals(4.0, a.grad().item());
        assertEquals(1.0, b.grad().item());
    }

    @Test
    void callersUpstreamIsNeverModified() {
        Tensor a = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor upstream = Tensor.of(new double[] {1, 1}, 2);
        a.add(0).backward(upstream, false, true);
        a.mul(2).sum().backward();
        assertArrayEquals(new double[] {1, 1}, upstream.toDoubleArray());
        assertArrayEquals(new double[] {3, 3}, a.grad().toDoubleArray());
    }

    @Test
    void plainPassesAccumulate() {
        Tensor a = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {3, 4}, 2).requiresGrad(true);
        a.add(b).sum().backward();
        a.add(b).sum().backward();
        a.mul(b).sum().backward();
        assertArrayEquals(new double[] {5, 6}, a.grad().toDoubleArray());
        assertArrayEquals(new double[] {3, 4}, b.grad().toDoubleArray());
    }
}
