package dev.descent.autograd;

import static dev.descent.autograd.GradAssert.gradcheck;
import static dev.descent.autograd.GradAssert.gradgradcheck;
import static dev.descent.autograd.GradAssert.randn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.descent.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Gradchecks for the matrix product in every operand layout it accepts, with the result shape each gives. */
class MatMulGradCheckTest {

    static Stream<Arguments> layouts() {
        return Stream.of(
                Arguments.of(new int[] {3, 4}, new int[] {4, 5}, new int[] {3, 5}),
                Arguments.of(new int[] {4}, new int[] {4, 5}, new int[] {5}),
                Arguments.of(new int[] {3, 4}, new int[] {4}, new int[] {3}),
                Arguments.of(new int[] {4}, new int[] {4}, new int[] {}),
                Arguments.of(new int[] {2, 3, 4}, new int[] {2, 4, 5}, new int[] {2, 3, 5}),
                Arguments.of(new int[] {2, 3, 4}, new int[] {4, 5}, new int[] {2, 3, 5}),
                Arguments.of(new int[] {3, 4}, new int[] {2, 4, 5}, new int[] {2, 3, 5}),
                Arguments.of(new int[] {1, 3, 4}, new int[] {2, 4, 5}, new int[] {2, 3, 5}),
                Arguments.of(new int[] {2, 1, 3, 4}, new int[] {3, 4, 2}, new int[] {2, 3, 3, 2}),
                Arguments.of(new int[] {4}, new int[] {2, 4, 5}, new int[] {2, 5}),
                Arguments.of(new int[] {2, 3, 4}, new int[] {4}, new int[] {2, 3}),
                Arguments.of(new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}));
    }

    @ParameterizedTest(name = "{0} x {1}")
    @MethodSource("layouts")
    void gradientAndShape(int[] shapeA, int[] shapeB, int[] expected) {
        Tensor a = randn(shapeA.length * 10L + shapeB.length, shapeA);
        Tensor b = randn(shapeA.length * 10L + shapeB.length + 100, shapeB);
        assertArrayEquals(expected, a.matmul(b).shape());
        gradcheck(xs -> xs[0].matmul(xs[1]), a, b);
    }

    @Test
    void secondOrderThroughNonlinearity() {
        Tensor a = randn(1, 2, 3, 4);
        Tensor b = randn(2, 4, 2);
        gradgradcheck(xs -> xs[0].matmul(xs[1]).tanh(), a, b);
        gradgradcheck(xs -> xs[0].matmul(xs[0].transpose(-1, -2)), a);
    }

    @Test
    void oneSideConstant() {
        Tensor a = randn(3, 3, 4);
        Tensor w = randn(4, 4, 2);
        gradcheck(xs -> xs[0].matmul(w), a);
        gradcheck(xs -> a.matmul(xs[0]), w);
    }

    @Test
    void transposedProductsFirstAndSecondOrder() {
        Tensor a = randn(21, 3, 4);
        Tensor b = randn(22, 5, 4);
        Tensor c = randn(23, 3, 5);
        assertArrayEquals(new int[] {3, 5}, a.matmulTransposed(b).shape());
        assertArrayEquals(new int[] {4, 5}, a.transposedMatmul(c).shape());
        gradcheck(xs -> xs[0].matmulTransposed(xs[1]), a, b);
        gradcheck(xs -> xs[0].transposedMatmul(xs[1]), a, c);
        gradgradcheck(xs -> xs[0].matmulTransposed(xs[1]).tanh(), a, b);
        gradgradcheck(xs -> xs[0].transposedMatmul(xs[1]).sigmoid(), a, c);
        gradgradcheck(xs -> xs[0].matmul(xs[1]).tanh(), a, randn(24, 4, 5));
        // values equal the materialised transposes
        assertArrayEquals(a.matmul(b.t()).toDoubleArray(), a.matmulTransposed(b).toDoubleArray(), 1e-12);
        assertArrayEquals(a.t().matmul(c).toDoubleArray(), a.transposedMatmul(c).toDoubleArray(), 1e-12);
    }

    @Test
    void largerThanOneKernelBlock() {
        // K above the kernel's K block and M above its row tile, so the backward runs the blocked paths too.
        Tensor a = randn(5, 3, 300);
        Tensor b = randn(6, 300, 2);
        gradcheck(xs -> xs[0].matmul(xs[1]).sum(), a, b);
    }
}
