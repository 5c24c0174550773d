package dev.descent.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BackpropTest {

    @Test
    void millionOpChainNeedsNoDeepStack() {
        Tensor x = Tensor.scalar(1.0, DType.F64).requiresGrad(true);
        Tensor y = x;
        for (int i = 0; i < 1_000_000; i++) {
            y = y.add(1e-6);
        }
        y.backward();
        assertEquals(1.0, x.grad().item());
        assertEquals(2.0, y.item(), 1e-6);
    }

    @Test
    void valueUsedTwiceGetsBothPaths() {
        Tensor a = Tensor.scalar(3, DType.F64).requiresGrad(true);
        Tensor y = a.mul(a).add(a);
        y.backward();
        assertEquals(7.0, a.grad().item());
    }

    @Test
    void gradientsAccumulateAcrossPassesUntilZeroed() {
        Tensor a = Tensor.scalar(2, DType.F64).requiresGrad(true);
        a.mul(3).backward();
        a.mul(3).backward();
        assertEquals(6.0, a.grad().item());
        a.zeroGrad();
        assertNull(a.grad());
    }

    @Test
    void secondBackwardThroughReleasedGraphIsAClearError() {
        Tensor a = Tensor.scalar(2, DType.F64).requiresGrad(true);
        Tensor y = a.exp();
        y.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("second time"), e.getMessage());
    }

    @Test
    void retainGraphAllowsASecondPass() {
        Tensor a = Tensor.scalar(2, DType.F64).requiresGrad(true);
        Tensor y = a.mul(a);
        y.backward(null, true, false);
        y.backward();
        assertEquals(8.0, a.grad().item());
    }

    @Test
    void backwardOnTensorWithoutGradIsRejected() {
        Tensor a = Tensor.scalar(2);
        assertThrows(IllegalArgumentException.class, () -> a.exp().backward());
    }

    @Test
    void nonScalarNeedsUpstream() {
        Tensor a = Tensor.ones(DType.F64, 3).requiresGrad(true);
        Tensor y = a.mul(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, y::backward);
        assertTrue(e.getMessage().contains("[3]"), e.getMessage());
        y.backward(Tensor.of(new double[] {1, 2, 3}, 3));
        assertEquals(List.of(2.0, 4.0, 6.0), List.of(a.grad().getFlat(0), a.grad().getFlat(1), a.grad().getFlat(2)));
    }

    @Test
    void noGradScopeRecordsNothingAndDetachCutsTheGraph() {
        Tensor a = Tensor.scalar(2, DType.F64).requiresGrad(true);
        try (GradMode ignored = Tensor.noGrad()) {
            assertFalse(a.mul(2).requiresGrad());
        }
        assertTrue(a.mul(2).requiresGrad());
        assertFalse(a.mul(2).detach().requiresGrad());
    }

    @Test
    void createGraphGivesSecondDerivatives() {
        Tensor x = Tensor.scalar(1.5, DType.F64).requiresGrad(true);
        Tensor y = x.pow(3).add(x.sin());
        Tensor dy = Backprop.gradients(y, List.of(x), true).get(0);
        assertEquals(3 * 1.5 * 1.5 + Math.cos(1.5), dy.item(), 1e-12);
        Tensor d2y = Backprop.gradients(dy, List.of(x), false).get(0);
        assertEquals(6 * 1.5 - Math.sin(1.5), d2y.item(), 1e-12);
    }

    @Test
    void mismatchedShapesNameBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(3, 4).matmul(Tensor.zeros(5, 2)));
        assertEquals("matmul: [3, 4] x [5, 2]: inner dimensions 4 and 5 differ", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(3, 4).add(Tensor.zeros(DType.F64, 3, 4)));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, -1));
    }
}
