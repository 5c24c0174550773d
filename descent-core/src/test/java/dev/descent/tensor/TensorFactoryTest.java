package dev.descent.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Forward values of the factories, accessors and their argument checks. */
class TensorFactoryTest {

    @Test
    void zerosOnesFull() {
        Tensor z = Tensor.zeros(2, 3);
        assertEquals(DType.F32, z.dtype());
        assertArrayEquals(new int[] {2, 3}, z.shape());
        assertArrayEquals(new double[6], z.toDoubleArray());
        assertArrayEquals(new double[] {1, 1, 1, 1}, Tensor.ones(DType.F64, 2, 2).toDoubleArray());
        assertEquals(DType.F64, Tensor.ones(DType.F64, 2).dtype());
        assertArrayEquals(new float[] {2.5f, 2.5f, 2.5f}, Tensor.full(2.5, 3).toFloatArray());
        assertEquals(0, Tensor.zeros(0, 4).numel());
        Tensor s = Tensor.zeros();
        assertEquals(0, s.dim());
        assertEquals(1, s.numel());
        assertEquals(7.0, Tensor.full(DType.F64, 7, 2).zerosLike().add(7).getFlat(1));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, -1));
    }

    @Test
    void arangeAndLinspace() {
        assertArrayEquals(new double[] {0, 1, 2, 3, 4}, Tensor.arange(5).toDoubleArray());
        assertArrayEquals(new double[] {1, 1.5, 2, 2.5}, Tensor.arange(1, 3, 0.5).toDoubleArray());
        assertArrayEquals(new double[] {3, 2, 1}, Tensor.arange(3, 0, -1).toDoubleArray());
        assertEquals(0, Tensor.arange(3, 1, 1).numel());
        assertEquals(10, Tensor.arange(0, 1, 0.1).numel());
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1}, Tensor.linspace(0, 1, 5).toDoubleArray());
        assertArrayEquals(new double[] {4}, Tensor.linspace(4, 9, 1).toDoubleArray());
        assertEquals(0, Tensor.linspace(0, 1, 0).numel());
        assertThrows(IllegalArgumentException.class, () -> Tensor.arange(0, 3, 0));
        assertThrows(IllegalArgumentException.class, () -> Tensor.arange(0, Double.NaN, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.linspace(0, 1, -1));
        assertTrue(e.getMessage().contains("count"), e.getMessage());
    }

    @Test
    void eyeOfAndOneHot() {
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, Tensor.eye(3).toDoubleArray());
        assertEquals(DType.F64, Tensor.eye(DType.F64, 2).dtype());
        Tensor t = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertEquals(DType.F64, t.dtype());
        assertEquals(6.0, t.get(1, 2));
        assertEquals(2.0, t.get(0, 1));
        assertEquals(3, t.size(-1));
        assertEquals(2, t.dim());
        assertEquals(DType.F32, Tensor.of(new float[] {1, 2}, 2).dtype());
        assertEquals(DType.F32, Tensor.vector(1, 2, 3).dtype());
        assertEquals((float) 0.1, (float) Tensor.of(DType.F32, new double[] {0.1}, 1).getFlat(0));
        double[] source = {1, 2};
        Tensor copy = Tensor.of(source, 2);
        source[0] = 99;
        assertEquals(1.0, copy.getFlat(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.of(new double[] {1, 2, 3}, 2, 2));
        assertTrue(e.getMessage().contains("[2, 2]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.get(2, 0));
        assertThrows(IllegalArgumentException.class, () -> t.get(0));
        assertArrayEquals(new double[] {0, 1, 0, 1, 0, 0}, Tensor.oneHot(new int[] {1, 0}, 3).toDoubleArray());
        assertThrows(IllegalArgumentException.class, () -> Tensor.oneHot(new int[] {3}, 3));
    }

    @Test
    void randomFactoriesAreDeterminedBySeed() {
        assertArrayEquals(Tensor.rand(Rng.of(1), 4, 5).toFloatArray(), Tensor.rand(Rng.of(1), 4, 5).toFloatArray());
        assertArrayEquals(Tensor.randn(Rng.of(1), 50).toFloatArray(), Tensor.randn(Rng.of(1), 50).toFloatArray());
        assertArrayEquals(Tensor.normal(DType.F64, Rng.of(3), 2, 0.5, 9).toDoubleArray(),
                Tensor.normal(DType.F64, Rng.of(3), 2, 0.5, 9).toDoubleArray());
        assertFalse(java.util.Arrays.equals(Tensor.rand(Rng.of(1), 8).toFloatArray(),
                Tensor.rand(Rng.of(2), 8).toFloatArray()));
        Tensor u = Tensor.uniform(Rng.of(4), -3, -2, 1000);
        assertTrue(u.min().item() >= -3 && u.max().item() < -2);
        Tensor r = Tensor.rand(Rng.of(5), 10_000);
        assertEquals(0.5, r.mean().item(), 0.02);
        Tensor n = Tensor.randn(Rng.of(6), 10_000).to(DType.F64);
        assertEquals(0.0, n.mean().item(), 0.05);
        assertEquals(1.0, n.pow(2).mean().item(), 0.05);
        // One generator, two draws: the second continues the stream.
        Rng rng = Rng.of(7);
        assertNotEquals(Tensor.rand(rng, 1).item(), Tensor.rand(rng, 1).item());
    }

    @Test
    void itemNeedsExactlyOneElement() {
        assertEquals(3.5, Tensor.scalar(3.5).item());
        assertEquals(2.0, Tensor.of(new double[] {2}, 1, 1).item());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).item());
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("6"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(0).item());
    }

    @Test
    void toStringLooksLikePyTorch() {
        assertEquals("tensor(3.)", Tensor.scalar(3).toString());
        assertEquals("tensor([1., 2., 3.])", Tensor.vector(1, 2, 3).toString());
        assertEquals("tensor([[0.5000, 1.2500],\n        [-2.0000, 3.0000]])",
                Tensor.of(new float[] {0.5f, 1.25f, -2, 3}, 2, 2).toString());
        assertEquals("tensor([1., 2.], dtype=F64)", Tensor.of(new double[] {1, 2}, 2).toString());
        Tensor x = Tensor.scalar(2, DType.F64).requiresGrad(true);
        assertTrue(x.toString().contains("requiresGrad=true"), x.toString());
        assertTrue(x.mul(x).toString().contains("gradFn=<mul>"), x.mul(x).toString());
        assertTrue(Tensor.vector(1e-7).toString().contains("e-07"), Tensor.vector(1e-7).toString());
    }

    @Test
    void toStringAbbreviatesLargeTensors() {
        String small = Tensor.arange(1000).toString();
        assertFalse(small.contains("..."));
        String big = Tensor.arange(1001).toString();
        assertTrue(big.startsWith("tensor([0., 1., 2., ..., 998., 999., 1000.]"), big);
        String matrix = Tensor.arange(2000).reshape(40, 50).toString();
        assertTrue(matrix.contains("..."), matrix);
        assertTrue(matrix.length() < 600, "abbreviated form is short, was " + matrix.length());
        assertTrue(matrix.contains("1999."), matrix);
        assertEquals(7, matrix.split("\n").length, matrix); // 3 rows, "...", 3 rows
    }

    @Test
    void elementAccessAndCopies() {
        Tensor t = Tensor.of(new double[] {1, 2, 3}, 3);
        Tensor c = t.copy();
        c.setFlat(0, 10);
        assertEquals(1.0, t.getFlat(0));
        Tensor d = t.detach();
        assertTrue(d.isLeaf());
        Tensor f = Tensor.zeros(3);
        f.copyFrom(t);
        assertArrayEquals(new float[] {1, 2, 3}, f.toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> f.copyFrom(Tensor.zeros(4)));
        assertTrue(t.allClose(Tensor.of(new double[] {1, 2, 3 + 1e-9}, 3), 1e-8));
        assertFalse(t.allClose(Tensor.of(new double[] {1, 2}, 2), 1));
        assertFalse(Tensor.of(new double[] {1, Double.NaN}, 2).isFinite());
        assertEquals("x", t.named("x").name());
    }

    @Test
    void allCloseChecksDtypesAsItSays() {
        Tensor f64 = Tensor.of(new double[] {1, 2, 3}, 3);
        Tensor f32 = f64.to(DType.F32);
        assertFalse(f64.allClose(f32, 1.0), "same values, F64 against F32");
        assertFalse(f32.allClose(f64, 1.0), "same values, F32 against F64");
        assertTrue(f64.allClose(f32.to(DType.F64), 0.0), "after converting one");
        assertFalse(f64.allClose(Tensor.of(new double[] {1, 2, Double.NaN}, 3), 1.0), "NaN is close to nothing");
    }

    @Test
    void comparisonsGiveMasks() {
        Tensor t = Tensor.of(new double[] {-1, 0, 2}, 3);
        assertArrayEquals(new double[] {0, 0, 1}, t.gt(0).toDoubleArray());
        assertArrayEquals(new double[] {1, 0, 0}, t.lt(0).toDoubleArray());
        assertArrayEquals(new double[] {0, 1, 1}, t.ge(0).toDoubleArray());
        assertArrayEquals(new double[] {1, 1, 0}, t.le(0).toDoubleArray());
        assertArrayEquals(new double[] {0, 1, 0}, t.eq(Tensor.zeros(DType.F64, 3)).toDoubleArray());
        assertArrayEquals(new double[] {-1, 0, 1}, t.sign().toDoubleArray());
        assertArrayEquals(new int[] {2, 0}, Tensor.of(new double[] {1, 5, 9, 7, 2, 3}, 2, 3).argmax(1));
    }

    @Test
    void mixedDtypesAndBadShapesAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(2).add(Tensor.zeros(DType.F64, 2)));
        assertTrue(e.getMessage().contains("F32") && e.getMessage().contains("F64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).add(Tensor.zeros(4)));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).matmul(Tensor.zeros(2, 3)));
        assertTrue(e.getMessage().contains("inner"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).reshape(4, -1));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).sum(2, false));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).expand(3, 3));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).sumTo(4));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(3).indexSelect(0, 3));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(3).slice(0, 0, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(3).clamp(1, 0));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2).permute(0, 0));
        assertThrows(IllegalArgumentException.class, () -> Tensor.concat(0, Tensor.zeros(2, 3), Tensor.zeros(2, 2)));
    }
}
