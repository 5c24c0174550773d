package dev.descent.autograd;

import static dev.descent.autograd.GradAssert.f64;
import static dev.descent.autograd.GradAssert.gradcheck;
import static dev.descent.autograd.GradAssert.gradgradcheck;
import static dev.descent.autograd.GradAssert.randn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Gradchecks for sum, mean, max, min and the log-sum-exp family, including inputs where naive forms overflow. */
class ReductionGradCheckTest {

    @Test
    void sumAndMeanOverEverything() {
        Tensor x = randn(1, 2, 3, 4);
        gradcheck(xs -> xs[0].sum(), x);
        gradcheck(xs -> xs[0].mean(), x);
        gradcheck(xs -> xs[0].pow(2).mean(), Tensor.scalar(1.5, DType.F64));
        gradgradcheck(xs -> xs[0].pow(3).mean(), x);
    }

    @ParameterizedTest(name = "axis {0}")
    @ValueSource(ints = {0, 1, 2, -1, -2, -3})
    void sumAndMeanPerAxis(int axis) {
        Tensor x = randn(2 + axis, 2, 3, 4);
        for (boolean keepDim : new boolean[] {true, false}) {
            gradcheck(xs -> xs[0].sum(axis, keepDim), x);
            gradcheck(xs -> xs[0].mean(axis, keepDim), x);
        }
        gradgradcheck(xs -> xs[0].pow(2).sum(axis, false).exp(), x);
        int ax = axis < 0 ? axis + 3 : axis;
        int[] kept = x.shape();
        kept[ax] = 1;
        assertArrayEquals(kept, x.sum(axis, true).shape());
        assertEquals(2, x.mean(axis, false).dim());
        assertEquals(x.sum().item(), x.sum(axis, false).sum().item(), 1e-12);
    }

    @ParameterizedTest(name = "axis {0}")
    @ValueSource(ints = {0, 1, -1})
    void maxAndMinPerAxis(int axis) {
        // Distinct values, so each extreme is unique and the function is smooth nearby.
        Tensor x = randn(3 + axis, 3, 4);
        for (boolean keepDim : new boolean[] {true, false}) {
            gradcheck(xs -> xs[0].max(axis, keepDim), x);
            gradcheck(xs -> xs[0].min(axis, keepDim), x);
        }
        gradcheck(xs -> xs[0].max(), x);
        gradcheck(xs -> xs[0].min(), x);
        gradgradcheck(xs -> xs[0].max(axis, false).pow(2), x);
    }

    @Test
    void maxValuesAndTieGoesToFirst() {
        Tensor x = f64(new double[] {1, 5, 5, -2, 0, -2}, 2, 3);
        assertArrayEquals(new double[] {5, 0}, x.max(1, false).toDoubleArray());
        assertArrayEquals(new double[] {1, -2}, x.min(1, false).toDoubleArray());
        assertArrayEquals(new double[] {1, 5, 5}, x.max(0, false).toDoubleArray());
        Tensor v = x.copy().requiresGrad(true);
        v.max(1, false).sum().backward();
        assertArrayEquals(new double[] {0, 1, 0, 0, 1, 0}, v.grad().toDoubleArray());
        Tensor w = x.copy().requiresGrad(true);
        w.min(1, true).sum().backward();
        assertArrayEquals(new double[] {1, 0, 0, 1, 0, 0}, w.grad().toDoubleArray());
        assertEquals(5.0, x.max().item());
        assertEquals(-2.0, x.min().item());
    }

    @ParameterizedTest(name = "axis {0}")
    @ValueSource(ints = {0, 1, -1})
    void softmaxFamily(int axis) {
        Tensor x = randn(6 + axis, 3, 4);
        gradcheck(xs -> xs[0].softmax(axis), x);
        gradcheck(xs -> xs[0].logSoftmax(axis), x);
        gradcheck(xs -> xs[0].logSumExp(axis, true), x);
        gradcheck(xs -> xs[0].logSumExp(axis, false), x);
        gradgradcheck(xs -> xs[0].softmax(axis), x);
        gradgradcheck(xs -> xs[0].logSoftmax(axis), x);
        gradgradcheck(xs -> xs[0].logSumExp(axis, false), x);
        Tensor s = x.softmax(axis).sum(axis, false);
        for (double v : s.toDoubleArray()) {
            assertEquals(1.0, v, 1e-12);
        }
    }

    @Test
    void largeInputsStayFiniteAndCorrect() {
        // e^1000 overflows a double: the naive forms would give inf/inf = NaN.
        Tensor x = f64(new double[] {1000, 1001, 1002, -1000, -1001, -1002}, 2, 3);
        double[] z = {0, 1, 2};
        double lse = 2 + Math.log(Math.exp(-2) + Math.exp(-1) + 1);
        double[] expected = new double[3];
        for (int i = 0; i < 3; i++) {
            expected[i] = Math.exp(z[i] - lse);
        }
        Tensor sm = x.softmax(1);
        assertTrue(sm.isFinite(), sm::toString);
        assertArrayEquals(expected, sm.slice(0, 0, 1).toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {expected[2], expected[1], expected[0]},
                sm.slice(0, 1, 2).toDoubleArray(), 1e-12);
        Tensor ls = x.logSoftmax(1);
        assertTrue(ls.isFinite(), ls::toString);
        assertArrayEquals(new double[] {-lse, 1 - lse, 2 - lse, 2 - lse, 1 - lse, -lse}, ls.toDoubleArray(), 1e-12);
        Tensor l = x.logSumExp(1, false);
        assertArrayEquals(new double[] {1000 + lse, -1002 + lse}, l.toDoubleArray(), 1e-10);
        gradcheck(xs -> xs[0].softmax(1), x);
        gradcheck(xs -> xs[0].logSoftmax(1), x);
        gradcheck(xs -> xs[0].logSumExp(1, false), x);
        Tensor f = Tensor.of(new float[] {1000, 1001, 1002}, 3);
        assertTrue(f.softmax(0).isFinite());
        assertEquals(1002 + Math.log(Math.exp(-2) + Math.exp(-1) + 1), f.logSumExp(0, false).item(), 1e-3);
    }

    @Test
    void infiniteEntriesDoNotPoisonSoftmax() {
        Tensor x = f64(new double[] {Double.NEGATIVE_INFINITY, 0, 0}, 3);
        assertArrayEquals(new double[] {0, 0.5, 0.5}, x.softmax(0).toDoubleArray(), 1e-15);
        assertEquals(Math.log(2), x.logSumExp(0, false).item(), 1e-15);
    }
}
