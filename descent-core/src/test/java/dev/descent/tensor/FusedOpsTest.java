package dev.descent.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fused ops and fast paths against the composites they replace: equal values (bitwise in F32 where the fused
 * forward rounds step by step as the composite), equal first-order gradients, and — through createGraph, where the
 * backward falls back to differentiable ops — equal second-order gradients. F64 gradchecks of the rules are in autograd.FusedGradCheckTest.
 */
class FusedOpsTest {

    private static Tensor randn(long seed, DType dtype, int... shape) {
        return Tensor.normal(dtype, Rng.of(seed), 0, 1, shape);
    }

    private static Tensor oneHot(long seed, int rows, int classes, DType dtype) {
        Rng rng = Rng.of(seed);
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = (int) Math.floor(rng.uniform(0, classes));
        }
        return Tensor.oneHot(labels, classes, dtype);
    }

    private static List<Tensor> grads(Tensor out, Tensor... inputs) {
        return Backprop.gradients(out, List.of(inputs), false);
    }

    @Test
    void linearMatchesMatmulPlusBias() {
        for (DType dtype : DType.values()) {
            Tensor x = randn(1, dtype, 7, 5).requiresGrad(true);
            Tensor w = randn(2, dtype, 5, 3).requiresGrad(true);
            Tensor b = randn(3, dtype, 3).requiresGrad(true);
            Tensor fused = x.linear(w, b);
            Tensor composite = x.matmul(w).add(b);
            assertArrayEquals(composite.toDoubleArray(), fused.toDoubleArray(), 0.0);
            Tensor up = randn(4, dtype, 7, 3);
            List<Tensor> gf = Backprop.gradients(fused, up, List.of(x, w, b), false);
            List<Tensor> gc = Backprop.gradients(composite, up, List.of(x, w, b), false);
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(gc.get(i).toDoubleArray(), gf.get(i).toDoubleArray(), 0.0);
            }
        }
    }

    @Test
    void linearValidatesShapes() {
        Tensor x = Tensor.zeros(2, 3);
        assertThrows(IllegalArgumentException.class, () -> x.linear(Tensor.zeros(4, 2), Tensor.zeros(2)));
        assertThrows(IllegalArgumentException.class, () -> x.linear(Tensor.zeros(3, 2), Tensor.zeros(3)));
    }

    @Test
    void softmaxCrossEntropyEqualsTheCompositeInF32() {
        Tensor z = randn(8, DType.F32, 16, 10).mul(4.0).requiresGrad(true);
        Tensor y = oneHot(9, 16, 10, DType.F32);
        Tensor fused = z.softmaxCrossEntropy(y);
        Tensor composite = y.mul(z.logSoftmax(1)).sum(1, false).mean().neg();
        assertEquals(composite.item(), fused.item(), 0.0);
        Tensor gf = grads(fused, z).get(0);
        Tensor gc = grads(composite, z).get(0);
        assertArrayEquals(gc.toDoubleArray(), gf.toDoubleArray(), 1e-7);
    }

    @Test
    void softmaxCrossEntropyWithProbabilityTargetsAndExtremeLogits() {
        Tensor z = Tensor.of(new float[] {1000f, -1000f, 0f, Float.NEGATIVE_INFINITY, 2f, 3f}, 2, 3)
                .requiresGrad(true);
        Tensor y = Tensor.of(new float[] {0.5f, 0.25f, 0.25f, 0f, 0.5f, 0.5f}, 2, 3);
        Tensor fused = z.softmaxCrossEntropy(y);
        Tensor composite = y.mul(z.logSoftmax(1)).sum(1, false).mean().neg();
        assertEquals(composite.item(), fused.item(), 0.0);
        assertArrayEquals(grads(composite, z).get(0).toDoubleArray(), grads(fused, z).get(0).toDoubleArray(), 1e-6);
    }

    @Test
    void softmaxCrossEntropySecondOrderInF32MatchesTheComposite() {
        // createGraph: the F32 fused op's backward runs as differentiable ops
        Tensor z = randn(12, DType.F32, 4, 5).requiresGrad(true);
        Tensor y = oneHot(13, 4, 5, DType.F32);
        Tensor v = randn(14, DType.F32, 4, 5);
        Tensor gf = Backprop.gradients(z.softmaxCrossEntropy(y), List.of(z), true).get(0);
        Tensor gc = Backprop.gradients(y.mul(z.logSoftmax(1)).sum(1, false).mean().neg(), List.of(z), true).get(0);
        Tensor hf = grads(gf.mul(v).sum(), z).get(0);
        Tensor hc = grads(gc.mul(v).sum(), z).get(0);
        assertArrayEquals(hc.toDoubleArray(), hf.toDoubleArray(), 1e-6);
    }

    @Test
    void squaredDistanceEqualsTheCompositeInF32() {
        Tensor p = randn(21, DType.F32, 10, 10).sigmoid().detach().requiresGrad(true);
        Tensor t = oneHot(22, 10, 10, DType.F32).requiresGrad(true);
        Tensor fused = p.squaredDistance(t).mul(0.05);
        Tensor composite = p.sub(t).pow(2).sum().mul(0.05);
        assertEquals(composite.item(), fused.item(), 0.0);
        List<Tensor> gf = grads(fused, p, t);
        List<Tensor> gc = grads(composite, p, t);
        assertArrayEquals(gc.get(0).toDoubleArray(), gf.get(0).toDoubleArray(), 0.0);
        assertArrayEquals(gc.get(1).toDoubleArray(), gf.get(1).toDoubleArray(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> p.squaredDistance(Tensor.zeros(10, 9)));
    }

    @Test
    void fusedActivationBackwardsEqualTheComposites() {
        Tensor x = randn(15, DType.F32, 6, 7).requiresGrad(true);
        Tensor up = randn(16, DType.F32, 6, 7);
        // the composite rules, written out, against the fused loops the plain backward uses
        Tensor s = x.sigmoid();
        Tensor t = x.tanh();
        Tensor r = x.relu();
        Tensor mask = x.gt(0.0);
        try (GradMode ignored = Tensor.noGrad()) {
            assertArrayEquals(up.mul(s.mul(s.rsub(1.0))).toDoubleArray(),
                    Backprop.gradients(s, up, List.of(x), false).get(0).toDoubleArray(), 0.0);
            assertArrayEquals(up.mul(t.mul(t).rsub(1.0)).toDoubleArray(),
                    Backprop.gradients(t, up, List.of(x), false).get(0).toDoubleArray(), 0.0);
            assertArrayEquals(up.mul(mask).toDoubleArray(),
                    Backprop.gradients(r, up, List.of(x), false).get(0).toDoubleArray(), 0.0);
        }
    }

    @Test
    void broadcastFastPathsMatchTheGenericLoop() {
        for (DType dtype : DType.values()) {
            Tensor m = randn(17, dtype, 5, 4);
            Tensor row = randn(18, dtype, 4);
            Tensor col = randn(19, dtype, 5, 1);
            Tensor s = randn(20, dtype);
            Tensor[] others = {row, row.reshape(1, 4), col, s, m};
            for (Tensor o : others) {
                Tensor[] results = {m.add(o), m.sub(o), m.mul(o), m.div(o), o.add(m), o.sub(m), o.mul(m), o.div(m)};
                for (int op = 0; op < results.length; op++) {
                    boolean swapped = op >= 4;
                    for (int i = 0; i < 5; i++) {
                        for (int j = 0; j < 4; j++) {
                            double a = m.get(i, j);
                            double b = o.numel() == 1 ? o.getFlat(0) : o.numel() == 4 ? o.getFlat(j)
                                    : o.numel() == 5 ? o.getFlat(i) : o.get(i, j);
                            double x = swapped ? b : a;
                            double y = swapped ? a : b;
                            double expected = switch (op % 4) {
                                case 0 -> x + y;
                                case 1 -> x - y;
                                case 2 -> x * y;
                                default -> x / y;
                            };
                            if (dtype == DType.F32) {
                                expected = (float) expected;
                            }
                            assertEquals(expected, results[op].get(i, j), 0.0, "op " + op + " with " + o);
                        }
                    }
                }
            }
            assertArrayEquals(m.sum(0, false).toDoubleArray(), m.sumTo(4).toDoubleArray(), 0.0);
        }
    }
}
