package dev.descent.autograd;

import static dev.descent.autograd.GradAssert.awayFromZero;
import static dev.descent.autograd.GradAssert.f64;
import static dev.descent.autograd.GradAssert.gradcheck;
import static dev.descent.autograd.GradAssert.gradgradcheck;
import static dev.descent.autograd.GradAssert.randn;
import static dev.descent.autograd.GradAssert.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Gradchecks (F64 finite differences over the full Jacobian) for the elementwise ops: the pointwise functions and
 * the broadcasting binary arithmetic. Inputs stay inside each function's smooth domain.
 */
class OpGradCheckTest {

    // ------------------------------------------------------------------ pointwise

    /** An op with the interval its inputs are drawn from. */
    private record Unary(String name, UnaryOperator<Tensor> op, double low, double high, boolean secondOrder) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Unary> unaryOps() {
        return Stream.of(
                new Unary("neg", Tensor::neg, -2, 2, false),
                new Unary("exp", Tensor::exp, -2, 2, true),
                new Unary("log", Tensor::log, 0.2, 3, true),
                new Unary("sqrt", Tensor::sqrt, 0.2, 3, true),
                new Unary("sin", Tensor::sin, -3, 3, true),
                new Unary("cos", Tensor::cos, -3, 3, true),
                new Unary("tanh", Tensor::tanh, -2, 2, true),
                new Unary("sigmoid", Tensor::sigmoid, -4, 4, true),
                new Unary("softplus", Tensor::softplus, -4, 4, true),
                new Unary("pow(2)", x -> x.pow(2), -2, 2, true),
                new Unary("pow(3)", x -> x.pow(3), -2, 2, true),
                new Unary("pow(0.5)", x -> x.pow(0.5), 0.2, 3, true),
                new Unary("pow(-1)", x -> x.pow(-1), 0.3, 3, true),
                new Unary("pow(1)", x -> x.pow(1), -2, 2, false),
                new Unary("pow(1.7)", x -> x.pow(1.7), 0.2, 3, true),
                new Unary("mul(2.5)", x -> x.mul(2.5), -2, 2, false),
                new Unary("div(4)", x -> x.div(4), -2, 2, false),
                new Unary("add(3)", x -> x.add(3), -2, 2, false),
                new Unary("sub(3)", x -> x.sub(3), -2, 2, false),
                new Unary("rsub(3)", x -> x.rsub(3), -2, 2, false),
                new Unary("rdiv(3)", x -> x.rdiv(3), 0.3, 3, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unaryOps")
    void unaryOpGradient(Unary u) {
        Tensor x = uniform(u.name().hashCode(), u.low(), u.high(), 2, 3);
        gradcheck(xs -> u.op().apply(xs[0]), x);
        if (u.secondOrder()) {
            gradgradcheck(xs -> u.op().apply(xs[0]), x);
        }
    }

    @ParameterizedTest(name = "{0} on a scalar")
    @MethodSource("unaryOps")
    void unaryOpGradientOnScalar(Unary u) {
        Tensor x = Tensor.scalar((u.low() + u.high()) / 2 + 0.1, DType.F64);
        gradcheck(xs -> u.op().apply(xs[0]), x);
    }

    @Test
    void kinkedOpsAwayFromTheirKinks() {
        Tensor x = awayFromZero(11, 3, 4);
        gradcheck(xs -> xs[0].abs(), x);
        gradcheck(xs -> xs[0].relu(), x);
        gradcheck(xs -> xs[0].leakyRelu(0.1), x);
        gradcheck(xs -> xs[0].leakyRelu(-0.3), x);
        gradgradcheck(xs -> xs[0].abs().mul(xs[0]), x);
        gradgradcheck(xs -> xs[0].relu().pow(2), x);
    }

    @Test
    void clampPassesGradientInsideAndBlocksItOutside() {
        Tensor x = f64(new double[] {-1.2, -0.3, 0.1, 0.4, 0.9, -0.8}, 2, 3);
        gradcheck(xs -> xs[0].clamp(-0.5, 0.5), x);
        Tensor v = x.copy().requiresGrad(true);
        v.clamp(-0.5, 0.5).sum().backward();
        assertArrayEquals(new double[] {0, 1, 1, 1, 0, 0}, v.grad().toDoubleArray());
    }

    @Test
    void subgradientsAtKinksFollowPyTorch() {
        Tensor x = f64(new double[] {0, 0, 0}, 3).requiresGrad(true);
        x.abs().add(x.relu()).sum().backward();
        assertArrayEquals(new double[] {0, 0, 0}, x.grad().toDoubleArray());
    }

    @Test
    void powZeroHasZeroGradient() {
        Tensor x = uniform(3, -2, 2, 4).requiresGrad(true);
        Tensor y = x.pow(0);
        y.sum().backward();
        assertArrayEquals(new double[] {1, 1, 1, 1}, y.toDoubleArray());
        assertArrayEquals(new double[] {0, 0, 0, 0}, x.grad().toDoubleArray());
    }

    @Test
    void powOfNegativeBaseWithIntegerExponent() {
        Tensor x = uniform(4, -2, -0.3, 5);
        gradcheck(xs -> xs[0].pow(3), x);
        gradcheck(xs -> xs[0].pow(-1), x);
        gradcheck(xs -> xs[0].pow(2), x);
    }

    @Test
    void softplusIsExactForLargeInputs() {
        Tensor x = f64(new double[] {-1000, -40, 0, 40, 1000}, 5);
        double[] y = x.softplus().toDoubleArray();
        assertEquals(0.0, y[0]);
        assertEquals(Math.exp(-40), y[1], 1e-30);
        assertEquals(Math.log(2), y[2], 1e-15);
        assertEquals(40.0, y[3], 1e-15);
        assertEquals(1000.0, y[4]);
        gradcheck(xs -> xs[0].softplus(), x);
        Tensor s = f64(new double[] {-1000, 1000}, 2).sigmoid();
        assertArrayEquals(new double[] {0, 1}, s.toDoubleArray());
    }

    // ------------------------------------------------------------------ binary arithmetic with broadcasting

    private record Binary(String name, BinaryOperator<Tensor> op, double lowA, double highA, double lowB,
                          double highB) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final List<Binary> BINARY = List.of(
            new Binary("add", Tensor::add, -2, 2, -2, 2),
            new Binary("sub", Tensor::sub, -2, 2, -2, 2),
            new Binary("mul", Tensor::mul, -2, 2, -2, 2),
            new Binary("div", Tensor::div, -2, 2, 0.4, 2),
            new Binary("pow", Tensor::pow, 0.3, 2, -1.5, 2.5));

    private static final int[][][] SHAPE_PAIRS = {
        {{2, 3}, {2, 3}},
        {{3, 1}, {1, 4}},
        {{2, 3}, {3}},
        {{3}, {2, 3}},
        {{}, {2, 3}},
        {{2, 3}, {}},
        {{2, 1, 3}, {4, 1}},
        {{1}, {}},
    };

    static Stream<Arguments> binaryCases() {
        List<Arguments> cases = new ArrayList<>();
        for (Binary b : BINARY) {
            for (int[][] pair : SHAPE_PAIRS) {
                cases.add(Arguments.of(b, pair[0], pair[1]));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} with {2}")
    @MethodSource("binaryCases")
    void binaryOpGradientWithBroadcasting(Binary b, int[] shapeA, int[] shapeB) {
        long seed = b.name().hashCode() * 31L + shapeA.length * 7L + shapeB.length;
        Tensor x = uniform(seed, b.lowA(), b.highA(), shapeA);
        Tensor y = uniform(seed + 1, b.lowB(), b.highB(), shapeB);
        gradcheck(xs -> b.op().apply(xs[0], xs[1]), x, y);
    }

    @ParameterizedTest(name = "{0} second order")
    @ValueSource(strings = {"mul", "div", "pow"})
    void binaryOpSecondOrder(String name) {
        Binary b = BINARY.stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow();
        Tensor x = uniform(21, b.lowA(), b.highA(), 3, 1);
        Tensor y = uniform(22, b.lowB(), b.highB(), 1, 4);
        gradgradcheck(xs -> b.op().apply(xs[0], xs[1]), x, y);
    }

    @Test
    void sameInputOnBothSides() {
        Tensor x = uniform(5, 0.5, 2, 2, 2);
        for (Binary b : BINARY) {
            gradcheck(xs -> b.op().apply(xs[0], xs[0]), x);
        }
    }

    @Test
    void broadcastResultsMatchNumPy() {
        Tensor col = Tensor.of(new double[] {1, 2, 3}, 3, 1);
        Tensor row = Tensor.of(new double[] {10, 20, 30, 40}, 1, 4);
        Tensor sum = col.add(row);
        assertArrayEquals(new int[] {3, 4}, sum.shape());
        assertArrayEquals(new double[] {11, 21, 31, 41, 12, 22, 32, 42, 13, 23, 33, 43}, sum.toDoubleArray());
        Tensor m = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertArrayEquals(new double[] {0, 0, 0, 3, 3, 3},
                m.sub(Tensor.of(new double[] {1, 2, 3}, 3)).toDoubleArray());
        assertArrayEquals(new double[] {2, 4, 6, 8, 10, 12}, Tensor.scalar(2, DType.F64).mul(m).toDoubleArray());
        Tensor d = Tensor.of(new double[] {1, 2}, 2, 1, 1).div(Tensor.of(new double[] {1, 2, 4}, 3));
        assertArrayEquals(new int[] {2, 1, 3}, d.shape());
        assertArrayEquals(new double[] {1, 0.5, 0.25, 2, 1, 0.5}, d.toDoubleArray());
        assertArrayEquals(new double[] {1, 4, 9, 1, 8, 27},
                Tensor.of(new double[] {1, 2, 3}, 1, 3).pow(Tensor.of(new double[] {2, 3}, 2, 1)).toDoubleArray());
    }

    @Test
    void gradientOfBroadcastInputIsSummedToItsShape() {
        Tensor col = randn(8, 3, 1).requiresGrad(true);
        Tensor row = randn(9, 1, 4).requiresGrad(true);
        col.mul(row).sum().backward();
        double rowSum = row.sum().item();
        double colSum = col.sum().item();
        for (double g : col.grad().toDoubleArray()) {
            assertEquals(rowSum, g, 1e-12);
        }
        for (double g : row.grad().toDoubleArray()) {
            assertEquals(colSum, g, 1e-12);
        }
        assertArrayEquals(new int[] {3, 1}, col.grad().shape());
        assertArrayEquals(new int[] {1, 4}, row.grad().shape());
    }

    @Test
    void deepCompositeSecondOrder() {
        Tensor x = uniform(12, -1, 1, 2, 3);
        Tensor y = uniform(13, 0.5, 1.5, 3);
        gradgradcheck(xs -> xs[0].mul(xs[1]).sin().add(xs[1].log()).exp().div(xs[1].sqrt()).tanh(), x, y);
    }
}
