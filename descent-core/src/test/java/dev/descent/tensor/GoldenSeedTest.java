package dev.descent.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The tutorials' worked numbers (docs/golden-numbers.md), computed by the engine's backward pass. */
class GoldenSeedTest {

    @Test
    void seed002ChainRuleThroughSharedInput() {
        Tensor w = Tensor.scalar(3, DType.F64).requiresGrad(true);
        Tensor b = Tensor.scalar(4, DType.F64).requiresGrad(true);
        Tensor x = w.mul(2).add(b.mul(3));
        Tensor y = b.mul(2).add(1);
        Tensor z = x.mul(y);
        z.backward();
        assertEquals(18.0, x.item());
        assertEquals(9.0, y.item());
        assertEquals(162.0, z.item());
        assertEquals(18.0, w.grad().item()); // 2y
        assertEquals(63.0, b.grad().item()); // b feeds x and y: 3y + 2x
    }

    @Test
    void seed001SigmoidNeuronDeltaRule() {
        Tensor x = Tensor.of(new double[] {0.1, 0.3}, 2);
        double target = 0.2;
        double learningRate = 0.5;
        Tensor w = Tensor.of(new double[] {-0.8, 0.5}, 2).requiresGrad(true);
        Tensor h = x.mul(w).sum();
        Tensor output = h.sigmoid();
        // Half squared error: its gradient with respect to h is −(y − ŷ)·σ'(h), the negative error term δ.
        Tensor loss = output.rsub(target).pow(2).mul(0.5);
        loss.backward();
        assertEquals(0.07, h.item(), 1e-15);
        assertEquals(0.5174928576663897, output.item(), 1e-15);
        double[] step = w.grad().mul(-learningRate).toDoubleArray();
        double delta = step[0] / (learningRate * 0.1);
        assertEquals(-0.07927606158013766, delta, 1e-15);
        assertArrayEquals(new double[] {-0.003963803079006883, -0.011891409237020648}, step, 1e-16);
    }

    @Test
    void seed002DerivativeOfSqrtLnXSquared() {
        for (double v : new double[] {1.5, 2.0, 3.7, 9.66440936, 25.0, -4.0}) {
            Tensor x = Tensor.scalar(v, DType.F64).requiresGrad(true);
            Tensor c = x.pow(2).log().sqrt();
            c.backward();
            double expected = 1.0 / (v * Math.sqrt(Math.log(v * v)));
            assertEquals(expected, x.grad().item(), 1e-14 * Math.abs(expected), "at x=" + v);
        }
    }

    @Test
    void seed001SupplementMeanSquaredErrorClosedForms() {
        Rng rng = Rng.of(7);
        int n = 50;
        Tensor xs = Tensor.uniform(DType.F64, rng, -2, 2, n);
        Tensor ys = xs.mul(3).add(1).add(Tensor.normal(DType.F64, rng, 0, 0.1, n));
        Tensor w = Tensor.scalar(0.5, DType.F64).requiresGrad(true);
        Tensor b = Tensor.scalar(-0.25, DType.F64).requiresGrad(true);
        Tensor cost = xs.mul(w).add(b).sub(ys).pow(2).mean();
        cost.backward();
        double dw = 0;
        double db = 0;
        for (int i = 0; i < n; i++) {
            double r = 0.5 * xs.getFlat(i) - 0.25 - ys.getFlat(i);
            dw += r * xs.getFlat(i);
            db += r;
        }
        assertEquals(2.0 / n * dw, w.grad().item(), 1e-12);
        assertEquals(2.0 / n * db, b.grad().item(), 1e-12);
    }
}
