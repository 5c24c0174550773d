package dev.descent.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.tensor.DType;
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
        assertTrue(Tensor.zeros(DType.F64, 1).numel() == 1);
    }
}
