package dev.descent.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.tensor.kernel.Parallelism;
import org.junit.jupiter.api.Test;

/** {@link Tensor#matmul} forward values against a naive loop, F32 and F64, batched, and across thread counts. */
class TensorMatMulTest {

    /** The reference product of the last two dimensions, batch dimensions broadcast. */
    private static double naive(Tensor a, Tensor b, int batchA, int batchB, int i, int j) {
        int m = a.size(-2);
        int k = a.size(-1);
        int n = b.size(-1);
        double s = 0;
        for (int p = 0; p < k; p++) {
            s += a.getFlat(batchA * m * k + i * k + p) * b.getFlat(batchB * k * n + p * n + j);
        }
        return s;
    }

    private static void assertMatches(Tensor a, Tensor b, double tolerance) {
        Tensor c = a.matmul(b);
        int m = a.size(-2);
        int n = b.size(-1);
        int batches = c.numel() / (m * n);
        int batchesA = a.numel() / (m * a.size(-1));
        int batchesB = b.numel() / (b.size(-2) * n);
        for (int q = 0; q < batches; q++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double expected = naive(a, b, q % batchesA, q % batchesB, i, j);
                    assertEquals(expected, c.getFlat(q * m * n + i * n + j), tolerance);
                }
            }
        }
    }

    @Test
    void randomShapesBothDtypes() {
        Rng rng = Rng.of(2024);
        for (int trial = 0; trial < 25; trial++) {
            int m = 1 + rng.nextInt(70);
            int k = 1 + rng.nextInt(300);
            int n = 1 + rng.nextInt(90);
            Tensor a = Tensor.uniform(DType.F64, rng, -1, 1, m, k);
            Tensor b = Tensor.uniform(DType.F64, rng, -1, 1, k, n);
            assertMatches(a, b, 1e-12);
            assertMatches(a.to(DType.F32), b.to(DType.F32), 1e-4);
        }
    }

    @Test
    void largeEnoughForTheBlockedParallelPath() {
        Rng rng = Rng.of(77);
        Tensor a = Tensor.uniform(DType.F64, rng, -1, 1, 67, 301);
        Tensor b = Tensor.uniform(DType.F64, rng, -1, 1, 301, 1103);
        assertMatches(a, b, 1e-12);
        assertMatches(a.to(DType.F32), b.to(DType.F32), 2e-4);
    }

    @Test
    void batchedWithBroadcastBatchDimensions() {
        Rng rng = Rng.of(78);
        Tensor a = Tensor.uniform(DType.F64, rng, -1, 1, 3, 5, 6);
        Tensor b = Tensor.uniform(DType.F64, rng, -1, 1, 3, 6, 7);
        assertMatches(a, b, 1e-12);
        Tensor shared = Tensor.uniform(DType.F64, rng, -1, 1, 1, 6, 7);
        assertMatches(a, shared, 1e-12);
        Tensor c = a.matmul(shared.reshape(6, 7));
        assertArrayEquals(new int[] {3, 5, 7}, c.shape());
        assertArrayEquals(a.matmul(shared).toDoubleArray(), c.toDoubleArray());
        Tensor left = Tensor.uniform(DType.F64, rng, -1, 1, 1, 5, 6);
        Tensor right = Tensor.uniform(DType.F64, rng, -1, 1, 4, 6, 2);
        Tensor lr = left.matmul(right);
        assertArrayEquals(new int[] {4, 5, 2}, lr.shape());
        for (int q = 0; q < 4; q++) {
            assertArrayEquals(left.reshape(5, 6).matmul(right.slice(0, q, q + 1).reshape(6, 2)).toDoubleArray(),
                    lr.slice(0, q, q + 1).reshape(5, 2).toDoubleArray(), 1e-12);
        }
    }

    @Test
    void vectorOperands() {
        Tensor m = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor v3 = Tensor.of(new double[] {1, 0, -1}, 3);
        Tensor v2 = Tensor.of(new double[] {2, 1}, 2);
        assertArrayEquals(new double[] {-2, -2}, m.matmul(v3).toDoubleArray());
        assertArrayEquals(new double[] {6, 9, 12}, v2.matmul(m).toDoubleArray());
        Tensor dot = v3.matmul(v3);
        assertEquals(0, dot.dim());
        assertEquals(2.0, dot.item());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, Tensor.eye(DType.F64, 2).matmul(m).toDoubleArray());
    }

    @Test
    void tensorMatmulIsBitwiseIndependentOfThreadCount() {
        int saved = Parallelism.threads();
        try {
            Rng rng = Rng.of(79);
            Tensor a = Tensor.randn(rng, 4, 64, 300);
            Tensor b = Tensor.randn(rng, 300, 1100);
            Tensor ad = a.to(DType.F64);
            Tensor bd = b.to(DType.F64);
            Parallelism.setThreads(1);
            float[] one = a.matmul(b).toFloatArray();
            double[] oneD = ad.matmul(bd).toDoubleArray();
            Parallelism.setThreads(2);
            assertArrayEquals(one, a.matmul(b).toFloatArray());
            assertArrayEquals(oneD, ad.matmul(bd).toDoubleArray());
        } finally {
            Parallelism.setThreads(saved);
        }
    }
}
