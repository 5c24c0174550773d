package dev.descent.autograd;

import static dev.descent.autograd.GradAssert.gradcheck;
import static dev.descent.autograd.GradAssert.gradgradcheck;
import static dev.descent.autograd.GradAssert.randn;

import dev.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Gradchecks (first and second order) of the fused ops: linear, softmax cross-entropy, squared distance. */
class FusedGradCheckTest {

    @Test
    void linear() {
        Tensor x = randn(5, 4, 3);
        Tensor w = randn(6, 3, 2);
        Tensor b = randn(7, 2);
        gradcheck(xs -> xs[0].linear(xs[1], xs[2]), x, w, b);
        gradcheck(xs -> xs[0].linear(xs[1], xs[2]).tanh(), x, w, b);
        gradgradcheck(xs -> xs[0].linear(xs[1], xs[2]).tanh(), x, w, b);
        gradgradcheck(xs -> xs[0].linear(xs[1], xs[2]).sigmoid().linear(xs[1].t(), xs[0].slice(0, 0, 1).reshape(3)),
                x, w, b);
    }

    @Test
    void softmaxCrossEntropy() {
        Tensor z = randn(10, 3, 4);
        Tensor y = Tensor.of(new double[] {0.1, 0.2, 0.3, 0.4, 1, 0, 0, 0, 0.25, 0.25, 0.25, 0.25}, 3, 4);
        gradcheck(xs -> xs[0].softmaxCrossEntropy(y), z);
        gradgradcheck(xs -> xs[0].softmaxCrossEntropy(y), z);
        // targets that need a gradient too
        gradcheck(xs -> xs[0].softmaxCrossEntropy(xs[1].softmax(1)), z, randn(11, 3, 4));
        gradgradcheck(xs -> xs[0].softmaxCrossEntropy(xs[1].softmax(1)), z, randn(12, 3, 4));
    }

    @Test
    void squaredDistance() {
        Tensor p = randn(14, 3, 4);
        Tensor t = randn(15, 3, 4);
        gradcheck(xs -> xs[0].squaredDistance(xs[1]), p, t);
        gradgradcheck(xs -> xs[0].squaredDistance(xs[1]), p, t);
        gradgradcheck(xs -> xs[0].sigmoid().squaredDistance(xs[1]).mul(0.5), p, t);
    }

    @Test
    void fusedActivationsSecondOrder() {
        Tensor x = randn(13, 3, 4);
        gradgradcheck(xs -> xs[0].sigmoid().mul(xs[0]), x);
        gradgradcheck(xs -> xs[0].tanh().mul(xs[0]), x);
        gradgradcheck(xs -> xs[0].relu().mul(xs[0]), x);
    }
}
