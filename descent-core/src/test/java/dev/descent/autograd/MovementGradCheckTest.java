package dev.descent.autograd;

import static dev.descent.autograd.GradAssert.f64;
import static dev.descent.autograd.GradAssert.gradcheck;
import static dev.descent.autograd.GradAssert.gradgradcheck;
import static dev.descent.autograd.GradAssert.randn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Gradchecks for the ops that move values: transpose, permute, reshape, expand/sumTo, slicing, indexing, gather,
 * concatenation, where and dtype conversion. Outputs are multiplied by a fixed tensor of distinct weights where
 * that makes a mistaken position visible in the gradient.
 */
class MovementGradCheckTest {

    @Test
    void transposeAndPermute() {
        Tensor x = randn(1, 2, 3, 4);
        gradcheck(xs -> xs[0].transpose(0, 2), x);
        gradcheck(xs -> xs[0].transpose(-1, -2), x);
        gradcheck(xs -> xs[0].permute(2, 0, 1), x);
        gradcheck(xs -> xs[0].permute(1, -1, 0), x);
        gradcheck(xs -> xs[0].reshape(6, 4).t(), x);
        gradgradcheck(xs -> xs[0].permute(2, 0, 1).pow(2), x);
        Tensor y = x.permute(2, 0, 1);
        assertArrayEquals(new int[] {4, 2, 3}, y.shape());
        assertEquals(x.get(1, 2, 3), y.get(3, 1, 2));
    }

    @Test
    void reshapeFlattenUnsqueeze() {
        Tensor x = randn(2, 2, 3);
        gradcheck(xs -> xs[0].reshape(3, 2), x);
        gradcheck(xs -> xs[0].reshape(-1, 3, 1), x);
        gradcheck(xs -> xs[0].flatten(), x);
        gradcheck(xs -> xs[0].unsqueeze(0), x);
        gradcheck(xs -> xs[0].unsqueeze(-1), x);
        gradcheck(xs -> xs[0].unsqueeze(1).mul(xs[0].reshape(2, 1, 3)), x);
        gradgradcheck(xs -> xs[0].flatten().pow(3), x);
        assertArrayEquals(new int[] {2, 3, 1}, x.unsqueeze(-1).shape());
        assertArrayEquals(new int[] {2, 1, 3}, x.unsqueeze(1).shape());
    }

    @Test
    void expandAndSumTo() {
        Tensor col = randn(3, 3, 1);
        Tensor weights = randn(4, 2, 3, 4);
        gradcheck(xs -> xs[0].expand(2, 3, 4).mul(weights), col);
        gradcheck(xs -> xs[0].expand(3, 4), col);
        Tensor s = randn(5);
        gradcheck(xs -> xs[0].expand(2, 3), s);
        Tensor big = randn(6, 2, 3, 4);
        gradcheck(xs -> xs[0].sumTo(3, 1), big);
        gradcheck(xs -> xs[0].sumTo(4), big);
        gradcheck(xs -> xs[0].sumTo(1, 3, 4), big);
        gradcheck(xs -> xs[0].sumTo(), big);
        gradgradcheck(xs -> xs[0].pow(2).sumTo(3, 1).expand(2, 3, 4).mul(weights), big);
        assertArrayEquals(new int[] {3, 1}, big.sumTo(3, 1).shape());
        assertEquals(big.sum().item(), big.sumTo().item(), 1e-12);
    }

    @Test
    void sliceWithAndWithoutStep() {
        Tensor x = randn(7, 4, 7);
        gradcheck(xs -> xs[0].slice(1, 1, 5), x);
        gradcheck(xs -> xs[0].slice(1, 0, 7, 2), x);
        gradcheck(xs -> xs[0].slice(1, 1, 6, 3), x);
        gradcheck(xs -> xs[0].slice(0, -3, 4, 2), x);
        gradcheck(xs -> xs[0].slice(-1, 2, 100), x);
        gradgradcheck(xs -> xs[0].slice(1, 0, 7, 2).exp(), x);
        Tensor r = Tensor.arange(10).slice(0, 1, 8, 3);
        assertArrayEquals(new double[] {1, 4, 7}, r.toDoubleArray());
        assertArrayEquals(new int[] {4, 0}, x.slice(1, 5, 2).shape());
    }

    @Test
    void indexSelectWithRepeatedIndices() {
        Tensor x = randn(8, 3, 4);
        gradcheck(xs -> xs[0].indexSelect(0, 2, 0, 2, 2), x);
        gradcheck(xs -> xs[0].indexSelect(1, 3, 3, 1), x);
        gradcheck(xs -> xs[0].indexSelect(-1, 0), x);
        gradgradcheck(xs -> xs[0].indexSelect(0, 1, 1).pow(2), x);
        Tensor v = x.copy().requiresGrad(true);
        v.indexSelect(0, 2, 0, 2, 2).sum().backward();
        double[] g = v.grad().toDoubleArray();
        assertEquals(1.0, g[0]);
        assertEquals(0.0, g[4]);
        assertEquals(3.0, g[8]);
    }

    @Test
    void gatherLikeCrossEntropyAndAlongEachAxis() {
        Tensor logits = randn(9, 3, 4);
        gradcheck(xs -> xs[0].gather(1, new int[] {2, 0, 3}, 3, 1), logits);
        gradcheck(xs -> xs[0].gather(1, new int[] {1, 1, 0, 2, 2, 2}, 3, 2), logits);
        gradcheck(xs -> xs[0].gather(0, new int[] {2, 0, 1, 2, 0, 0, 0, 0}, 2, 4), logits);
        gradgradcheck(xs -> xs[0].logSoftmax(1).gather(1, new int[] {2, 0, 3}, 3, 1), logits);
        Tensor picked = logits.gather(1, new int[] {2, 0, 3}, 3, 1);
        assertEquals(logits.get(0, 2), picked.get(0, 0));
        assertEquals(logits.get(2, 3), picked.get(2, 0));
    }

    @Test
    void concatAndStack() {
        Tensor a = randn(10, 2, 3);
        Tensor b = randn(11, 2, 1);
        Tensor c = randn(12, 2, 3);
        gradcheck(xs -> Tensor.concat(1, xs[0], xs[1], xs[2]), a, b, c);
        gradcheck(xs -> Tensor.concat(0, xs[0], xs[1]), a, c);
        gradcheck(xs -> Tensor.concat(-1, xs[0], xs[0]), a);
        gradcheck(xs -> Tensor.stack(0, xs[0], xs[1]), a, c);
        gradcheck(xs -> Tensor.stack(2, xs[0], xs[1], xs[0]), a, c);
        gradcheck(xs -> Tensor.stack(-1, xs[0], xs[1]), a, c);
        gradgradcheck(xs -> Tensor.concat(1, xs[0].pow(2), xs[1]).exp(), a, b);
        assertArrayEquals(new int[] {2, 3, 2}, Tensor.stack(-1, a, c).shape());
        assertArrayEquals(new int[] {2, 7}, Tensor.concat(1, a, b, c).shape());
        Tensor constant = randn(13, 2, 3);
        Tensor v = a.copy().requiresGrad(true);
        Tensor.concat(0, v, constant).sum().backward();
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1}, v.grad().toDoubleArray());
    }

    @Test
    void whereRoutesGradientsByMask() {
        Tensor mask = f64(new double[] {1, 0, 0, 1, 1, 0}, 2, 3);
        Tensor a = randn(14, 2, 3);
        Tensor b = randn(15, 2, 3);
        gradcheck(xs -> Tensor.where(mask, xs[0], xs[1]), a, b);
        Tensor row = randn(16, 3);
        Tensor scalar = Tensor.scalar(0.7, DType.F64);
        gradcheck(xs -> Tensor.where(mask, xs[0], xs[1]), row, scalar);
        gradcheck(xs -> Tensor.where(f64(new double[] {1, 0}, 2, 1), xs[0], xs[1]), row, b);
        gradgradcheck(xs -> Tensor.where(mask, xs[0].pow(2), xs[1].exp()), a, b);
        Tensor va = a.copy().requiresGrad(true);
        Tensor vb = b.copy().requiresGrad(true);
        Tensor.where(mask, va, vb).sum().backward();
        assertArrayEquals(mask.toDoubleArray(), va.grad().toDoubleArray());
        assertArrayEquals(mask.rsub(1).toDoubleArray(), vb.grad().toDoubleArray());
        Tensor picked = Tensor.where(a.gt(0), a, b);
        for (int i = 0; i < 6; i++) {
            assertEquals(a.getFlat(i) > 0 ? a.getFlat(i) : b.getFlat(i), picked.getFlat(i));
        }
    }

    @Test
    void dtypeRoundTripCarriesTheGradient() {
        Tensor x = randn(17, 2, 3);
        // F32 rounding makes a 1e-6 step useless: a 1e-3 step keeps the rounding error near 1e-4 relative.
        GradCheck.Tolerance coarse = new GradCheck.Tolerance(1e-3, 1e-3, 1e-3);
        gradcheck(xs -> xs[0].to(DType.F32).to(DType.F64), coarse, x);
        gradcheck(xs -> xs[0].to(DType.F32).mul(2).exp().to(DType.F64), new GradCheck.Tolerance(1e-3, 1e-2, 1e-2), x);
        gradcheck(xs -> xs[0].to(DType.F64), x);
        Tensor v = x.copy().requiresGrad(true);
        Tensor y = v.to(DType.F32);
        assertEquals(DType.F32, y.dtype());
        y.mul(3).sum().backward();
        assertEquals(DType.F64, v.grad().dtype());
        assertArrayEquals(new double[] {3, 3, 3, 3, 3, 3}, v.grad().toDoubleArray());
        assertSame(x, x.to(DType.F64));
    }

    @Test
    void detachedBranchesGetNoGradient() {
        Tensor x = randn(18, 3).requiresGrad(true);
        Tensor y = x.detach().mul(x);
        y.sum().backward();
        assertArrayEquals(x.detach().toDoubleArray(), x.grad().toDoubleArray());
        Tensor z;
        try (var ignored = Tensor.noGrad()) {
            z = x.mul(2);
        }
        assertNull(z.gradFn());
    }
}
