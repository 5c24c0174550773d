package dev.descent.autograd;

import static dev.descent.autograd.GradAssert.gradcheck;
import static dev.descent.autograd.GradAssert.gradgradcheck;
import static dev.descent.autograd.GradAssert.randn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Gradchecks for convolution, pooling and batch normalization, over strides, padding, dilation and groups. */
class ConvolutionGradCheckTest {

    /** channels, out channels, kernel, stride, padding, dilation, groups, with bias. */
    static Stream<Arguments> convolutions() {
        return Stream.of(
                Arguments.of(2, 3, 3, 1, 1, 1, 1, true),
                Arguments.of(2, 3, 3, 2, 0, 1, 1, true),
                Arguments.of(2, 2, 3, 2, 1, 1, 1, false),
                Arguments.of(1, 2, 2, 1, 2, 2, 1, true),
                Arguments.of(4, 2, 3, 1, 1, 1, 2, true),
                Arguments.of(4, 4, 2, 2, 1, 2, 4, false));
    }

    @ParameterizedTest(name = "C={0} O={1} k={2} s={3} p={4} d={5} g={6} bias={7}")
    @MethodSource("convolutions")
    void conv2dFirstOrder(int channels, int out, int kernel, int stride, int padding, int dilation, int groups,
                          boolean bias) {
        Tensor x = randn(1, 2, channels, 5, 6);
        Tensor w = randn(2, out, channels / groups, kernel, kernel);
        Tensor b = randn(3, out);
        if (bias) {
            gradcheck(xs -> xs[0].conv2d(xs[1], xs[2], stride, padding, dilation, groups), x, w, b);
        } else {
            gradcheck(xs -> xs[0].conv2d(xs[1], null, stride, padding, dilation, groups), x, w);
        }
    }

    @Test
    void conv2dMatchesTheDefiningSum() {
        Tensor x = randn(4, 2, 4, 5, 5);
        Tensor w = randn(5, 6, 2, 3, 2);
        Tensor b = randn(6, 6);
        int stride = 2;
        int padding = 1;
        int dilation = 2;
        int groups = 2;
        Tensor y = x.conv2d(w, b, stride, padding, dilation, groups);
        assertArrayEquals(new int[] {2, 6, 2, 3}, y.shape());
        for (int n = 0; n < 2; n++) {
            for (int o = 0; o < 6; o++) {
                int g = o / 3;
                for (int r = 0; r < 2; r++) {
                    for (int c = 0; c < 3; c++) {
                        double sum = b.get(o);
                        for (int ci = 0; ci < 2; ci++) {
                            for (int i = 0; i < 3; i++) {
                                for (int j = 0; j < 2; j++) {
                                    int ih = r * stride - padding + i * dilation;
                                    int iw = c * stride - padding + j * dilation;
                                    if (ih >= 0 && ih < 5 && iw >= 0 && iw < 5) {
                                        sum += x.get(n, g * 2 + ci, ih, iw) * w.get(o, ci, i, j);
                                    }
                                }
                            }
                        }
                        assertEquals(sum, y.get(n, o, r, c), 1e-12);
                    }
                }
            }
        }
    }

    @Test
    void conv2dSecondOrder() {
        Tensor x = randn(7, 1, 2, 4, 4);
        Tensor w = randn(8, 2, 1, 2, 2);
        Tensor b = randn(9, 2);
        gradgradcheck(xs -> xs[0].conv2d(xs[1], xs[2], 2, 1, 1, 2).tanh(), x, w, b);
    }

    @Test
    void maxPool2dFirstAndSecondOrder() {
        Tensor x = randn(10, 2, 2, 5, 5);
        gradcheck(xs -> xs[0].maxPool2d(2, 2, 0), x);
        gradcheck(xs -> xs[0].maxPool2d(3, 2, 1), x);
        gradcheck(xs -> xs[0].maxPool2d(2, 1, 1), x);
        gradgradcheck(xs -> xs[0].maxPool2d(3, 2, 1).tanh(), x);
    }

    @Test
    void maxPool2dPicksWindowMaxima() {
        Tensor x = Tensor.of(new double[] {1, 5, 2, 0, 3, 4, 9, 8, 7, 6, 1, 2, 0, 0, 3, 3}, 1, 1, 4, 4);
        assertArrayEquals(new double[] {5, 9, 7, 3}, x.maxPool2d(2, 2, 0).toDoubleArray());
        assertArrayEquals(new double[] {1, 5, 0, 7, 9, 8, 0, 3, 3}, x.maxPool2d(2, 2, 1).toDoubleArray());
    }

    @Test
    void avgPool2dFirstAndSecondOrder() {
        Tensor x = randn(11, 2, 2, 5, 5);
        gradcheck(xs -> xs[0].avgPool2d(2, 2, 0), x);
        gradcheck(xs -> xs[0].avgPool2d(3, 2, 1), x);
        gradgradcheck(xs -> xs[0].avgPool2d(3, 1, 1).tanh(), x);
        Tensor ones = Tensor.ones(DType.F64, 1, 1, 2, 2);
        // padding counts as zeros, as PyTorch's count_include_pad=True
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, ones.avgPool2d(2, 2, 1).toDoubleArray());
    }

    @Test
    void batchNormTrainingAndEvaluation() {
        for (int[] shape : new int[][] {{4, 3}, {3, 2, 3, 2}}) {
            Tensor x = randn(12, shape);
            Tensor w = randn(13, shape[1]);
            Tensor b = randn(14, shape[1]);
            Tensor mean = randn(15, shape[1]);
            Tensor var = Tensor.full(DType.F64, 1.5, shape[1]);
            gradcheck(xs -> xs[0].batchNorm(xs[1], xs[2], mean.copy(), var.copy(), true, 0.1, 1e-5), x, w, b);
            gradcheck(xs -> xs[0].batchNorm(xs[1], xs[2], mean, var, false, 0.1, 1e-5), x, w, b);
            gradgradcheck(xs -> xs[0].batchNorm(xs[1], xs[2], mean.copy(), var.copy(), true, 0.1, 1e-5), x, w, b);
        }
    }
}
