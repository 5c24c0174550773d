package dev.descent.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

class HessianTest {

    /** Rosenbrock f = (1−x)² + 100(y−x²)², whose Hessian is known in closed form. */
    private static Tensor rosenbrock(Tensor v) {
        Tensor x = v.slice(0, 0, 1);
        Tensor y = v.slice(0, 1, 2);
        return x.rsub(1).pow(2).add(y.sub(x.pow(2)).pow(2).mul(100)).sum();
    }

    @Test
    void rosenbrockHessianMatchesClosedForm() {
        double x = 0.7;
        double y = -0.2;
        Tensor h = Hessian.of(HessianTest::rosenbrock, Tensor.of(new double[] {x, y}, 2));
        double[] expected = {2 - 400 * (y - x * x) + 800 * x * x, -400 * x, -400 * x, 200};
        assertArrayEquals(expected, h.toDoubleArray(), 1e-9);
    }

    @Test
    void hessianVectorProductEqualsHessianTimesVector() {
        Tensor at = Tensor.of(new double[] {0.3, 1.1}, 2);
        Tensor v = Tensor.of(new double[] {0.5, -2.0}, 2);
        Tensor hv = Hessian.vectorProduct(HessianTest::rosenbrock, at, v);
        Tensor full = Hessian.of(HessianTest::rosenbrock, at).matmul(v);
        assertArrayEquals(full.toDoubleArray(), hv.toDoubleArray(), 1e-9);
    }

    @Test
    void gradgradcheckOnSmoothComposite() {
        Tensor a = Tensor.of(new double[] {0.3, -0.7, 1.2, 0.1, 0.5, -0.4}, 2, 3);
        Tensor b = Tensor.of(new double[] {0.2, 0.9, -1.1}, 3);
        GradCheck.Result r = GradCheck.checkSecondOrder(
                xs -> xs[0].mul(xs[1]).tanh().matmul(xs[1].reshape(3, 1)).sigmoid().logSumExp(0, false), a, b);
        assertTrue(r.passed(), r.toString());
        assertTrue(GradCheck.check(xs -> xs[0].mul(xs[1]).softmax(1), a, b).passed());
    }

    @Test
    void oneElementInputGivesTheSecondDerivative() {
        // f(x) = x³·sin x: f'' = 6x·sin x + 6x²·cos x − x³·sin x
        double x = 0.7;
        Tensor h = Hessian.of(v -> v.pow(3).mul(v.sin()).sum(), Tensor.of(new double[] {x}, 1));
        assertArrayEquals(new int[] {1, 1}, h.shape());
        double expected = 6 * x * Math.sin(x) + 6 * x * x * Math.cos(x) - x * x * x * Math.sin(x);
        assertEquals(expected, h.item(), 1e-12);
    }

    @Test
    void matrixInputIsFlattenedRowMajorAndTheHessianIsSymmetric() {
        // f(X) = Σ c_ij X_ij² + X_01·X_10³ over a 2×2 X: flattened row-major as (X00, X01, X10, X11), the diagonal
        // is 2c (plus the cubic's own term) and the only mixed partials are ∂²f/∂X01∂X10 = 3·X10², on both sides
        Tensor c = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
        double x01 = 0.5;
        double x10 = -1.5;
        Tensor at = Tensor.of(new double[] {0.3, x01, x10, 0.9}, 2, 2);
        Tensor h = Hessian.of(m -> m.mul(m).mul(c).sum()
                .add(m.slice(0, 0, 1).slice(1, 1, 2).mul(m.slice(0, 1, 2).slice(1, 0, 1).pow(3)).sum()), at);
        double mixed = 3 * x10 * x10;
        double[] expected = {
            2, 0, 0, 0,
            0, 4, mixed, 0,
            0, mixed, 6 + 6 * x01 * x10, 0,
            0, 0, 0, 8};
        assertArrayEquals(new int[] {4, 4}, h.shape());
        assertArrayEquals(expected, h.toDoubleArray(), 1e-12);
    }
}
