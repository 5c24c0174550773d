package dev.descent.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The contract {@link Workspace} documents: what is reused, when, and what is refused. */
class WorkspaceTest {
    private final Workspace workspace = Workspace.create();

    @AfterEach
    void closeWhatATestLeftOpen() {
        workspace.close();
    }

    private static Tensor x() {
        return Tensor.of(new float[] {1, -2, 3, -4, 5, -6}, 2, 3);
    }

    @Test
    void aResultStaysValidAfterCloseAndIsReusedOnlyByTheNextOpening() {
        Tensor x = x();
        Tensor y;
        try (Workspace open = workspace.open()) {
            y = x.mul(2.0);
        }
        assertArrayEquals(new float[] {2, -4, 6, -8, 10, -12}, y.toFloatArray(), "valid after close");
        Tensor fresh = x.mul(3.0); // no workspace open: storage of its own
        assertNotSame(y.floatData(), fresh.floatData());
        assertArrayEquals(new float[] {2, -4, 6, -8, 10, -12}, y.toFloatArray(), "still valid until the next open");

        Tensor z;
        try (Workspace open = workspace.open()) {
            z = x.mul(3.0);
        }
        assertSame(y, z, "the next opening hands the same tensor (and storage) to a result of that size");
        assertArrayEquals(new float[] {3, -6, 9, -12, 15, -18}, z.toFloatArray());
        assertEquals(1, workspace.tensors());
    }

    @Test
    void resultsWithinOneOpeningNeverShareStorage() {
        Tensor x = x();
        try (Workspace open = workspace.open()) {
            Tensor a = x.mul(2.0);
            Tensor b = x.mul(3.0);
            Tensor c = a.add(b);
            assertNotSame(a.floatData(), b.floatData());
            assertNotSame(a.floatData(), c.floatData());
            assertNotSame(b.floatData(), c.floatData());
            assertArrayEquals(new float[] {5, -10, 15, -20, 25, -30}, c.toFloatArray());
        }
    }

    @Test
    void reusedStorageIsZeroedAndReusedTensorsForgetTheirPast() {
        Tensor x = x().requiresGrad(true);
        try (Workspace open = workspace.open()) {
            Tensor s = x.sum(1, false).named("rows").retainGrad(); // [2]
            s.sum().backward();
            assertTrue(s.requiresGrad());
        }
        try (Workspace open = workspace.open()) {
            try (GradMode off = Tensor.noGrad()) {
                // max's mask relies on a zeroed result, and sum's output is reused for its values
                Tensor m = x.max(1, false);
                assertArrayEquals(new float[] {3, 5}, m.toFloatArray());
                assertFalse(m.requiresGrad());
                assertNull(m.grad());
                assertNull(m.name());
                assertNull(m.gradFn());
            }
        }
    }

    @Test
    void factoriesAndCopiesNeverUseTheWorkspace() {
        Tensor x = x();
        Tensor zeros;
        Tensor copy;
        Tensor scalar;
        try (Workspace open = workspace.open()) {
            zeros = Tensor.zeros(2, 3);
            copy = x.mul(2.0).copy();
            scalar = Tensor.scalar(7);
        }
        try (Workspace open = workspace.open()) {
            for (int i = 0; i < 4; i++) {
                x.mul(5.0).add(1.0).sum();
            }
        }
        assertArrayEquals(new float[6], zeros.toFloatArray());
        assertArrayEquals(new float[] {2, -4, 6, -8, 10, -12}, copy.toFloatArray());
        assertEquals(7.0, scalar.item());
    }

    @Test
    void leafGradientsLiveInABufferOfTheirOwnReusedInPlace() {
        Tensor w = Tensor.of(new float[] {0.5f, -1, 2}, 3).requiresGrad(true);
        Tensor x = Tensor.of(new float[] {1, 2, 3}, 3);
        Tensor first;
        try (Workspace open = workspace.open()) {
            w.mul(x).sum().backward();
            first = w.grad();
            assertFalse(first.pooled(), "a leaf's gradient never holds workspace storage");
        }
        try (Workspace open = workspace.open()) {
            x.mul(9.0).mul(x).sum(); // results that reuse everything the first opening handed out
            assertArrayEquals(new float[] {1, 2, 3}, w.grad().toFloatArray(), "still attached and intact");
            w.zeroGrad();
            w.mul(x).mul(2.0).sum().backward();
            assertSame(first, w.grad(), "after zeroGrad the buffer is overwritten, not reallocated");
            assertArrayEquals(new float[] {2, 4, 6}, w.grad().toFloatArray());
            w.mul(x).sum().backward(); // no zeroGrad: added in place
            assertSame(first, w.grad());
            assertArrayEquals(new float[] {3, 6, 9}, w.grad().toFloatArray());
        }
    }

    @Test
    void accumulatingWithoutZeroGradAcrossStepsMatchesNoWorkspace() {
        float[] with = accumulate(true);
        float[] without = accumulate(false);
        assertArrayEquals(without, with);
    }

    private float[] accumulate(boolean useWorkspace) {
        Workspace ws = Workspace.create();
        Tensor w = Tensor.of(new float[] {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f}, 3, 2).requiresGrad(true);
        Tensor x = Tensor.of(new float[] {0.3f, -1.7f, 2.2f, 0.9f, -0.4f, 1.1f}, 2, 3);
        for (int step = 0; step < 4; step++) {
            if (useWorkspace) {
                ws.open();
            }
            try {
                x.matmul(w).sigmoid().mul(1.0 + step).sum().backward();
            } finally {
                ws.close();
            }
        }
        return w.grad().toFloatArray();
    }

    @Test
    void setGradStoresACopyOfAWorkspaceTensor() {
        Tensor w = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
        try (Workspace open = workspace.open()) {
            Tensor g = w.mul(3.0).detach();
            assertTrue(g.pooled());
            w.setGrad(g);
            assertNotSame(g.floatData(), w.grad().floatData());
        }
        try (Workspace open = workspace.open()) {
            w.mul(100.0);
        }
        assertArrayEquals(new float[] {3, 6}, w.grad().toFloatArray());
    }

    @Test
    void backwardThroughAGraphFromAnEarlierOpeningIsRefused() {
        Tensor w = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
        Tensor loss;
        try (Workspace open = workspace.open()) {
            loss = w.mul(w).sum();
        }
        workspace.open();
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("earlier step"), e.getMessage());
    }

    @Test
    void aResultOfAnEarlierOpeningAsAnOpInputIsRefused() {
        Tensor w = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
        Tensor carried;
        try (Workspace open = workspace.open()) {
            carried = w.mul(w); // kept past the step, against the contract
            carried.sum();
        }
        try (Workspace open = workspace.open()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, carried::sum);
            assertTrue(e.getMessage().contains("earlier step"), e.getMessage());
            // the same, when the workspace hands the carried tensor itself to the op's result
            assertThrows(IllegalStateException.class, () -> carried.mul(3.0));
        }
        try (Workspace open = workspace.open(); GradMode off = Tensor.noGrad()) {
            assertThrows(IllegalStateException.class, () -> carried.add(carried));
        }
    }

    @Test
    void graphNodesAreReusedAndAnOutputWhoseNodeWasHandedOnIsRefused() {
        Tensor w = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
        Tensor loss;
        Node first;
        try (Workspace open = workspace.open()) {
            loss = w.mul(w).sum();
            first = loss.gradFn();
        }
        try (Workspace open = workspace.open()) {
            Tensor y = w.mul(w).mul(w); // two [2] results: the second gets the node the old loss still points to
            assertSame(first, y.gradFn());
            assertEquals("mul", first.op());
            IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
            assertTrue(e.getMessage().contains("earlier step"), e.getMessage());
            y.sum().backward();
            assertArrayEquals(new float[] {3, 12}, w.grad().toFloatArray());
        }
    }

    @Test
    void backwardAfterCloseInTheSameStepIsFine() {
        Tensor w = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
        Tensor loss;
        try (Workspace open = workspace.open()) {
            loss = w.mul(w).sum();
        }
        loss.backward();
        assertArrayEquals(new float[] {2, 4}, w.grad().toFloatArray());
    }

    @Test
    void createGraphBackwardIsRefusedButGradientsWithCreateGraphWork() {
        Tensor x = Tensor.of(new double[] {1.5, -2}, 2).requiresGrad(true);
        try (Workspace open = workspace.open()) {
            Tensor y = x.mul(x).mul(x).sum();
            assertThrows(IllegalStateException.class, () -> y.backward(null, false, true));
            Tensor g = Backprop.gradients(y, List.of(x), true).get(0); // 3x²
            Tensor h = Backprop.gradients(g.sum(), List.of(x), false).get(0); // 6x
            assertArrayEquals(new double[] {6.75, 12}, g.toDoubleArray());
            assertArrayEquals(new double[] {9, -12}, h.toDoubleArray());
            assertNull(x.grad());
        }
    }

    @Test
    void secondOrderGradientsAcrossOpeningsMatchNoWorkspace() {
        assertArrayEquals(secondOrder(false), secondOrder(true));
    }

    /**
     * Three steps of gradients of a gradient (Backprop.gradients with createGraph, then differentiating a function of
     * the result), then, with every workspace closed, a double backward into the same leaves.
     */
    private static double[] secondOrder(boolean useWorkspace) {
        Workspace ws = Workspace.create();
        Tensor x = Tensor.of(new double[] {0.5, -1.25, 2}, 1, 3).requiresGrad(true);
        Tensor w = Tensor.of(new double[] {0.3, -0.2, 0.7, 0.1, -0.5, 0.4}, 3, 2).requiresGrad(true);
        double[] out = new double[3 * 9 + 9];
        for (int step = 0; step < 3; step++) {
            if (useWorkspace) {
                ws.open();
            }
            try {
                Tensor y = x.matmul(w.mul(1.0 + step)).tanh().pow(2.0).sum();
                Tensor gx = Backprop.gradients(y, List.of(x), true).get(0);
                List<Tensor> h = Backprop.gradients(gx.mul(gx).sum(), List.of(x, w), false);
                System.arraycopy(h.get(0).toDoubleArray(), 0, out, step * 9, 3);
                System.arraycopy(h.get(1).toDoubleArray(), 0, out, step * 9 + 3, 6);
            } finally {
                ws.close();
            }
        }
        x.zeroGrad();
        Tensor y = x.matmul(w).tanh().pow(2.0).sum();
        y.backward(null, false, true);
        Tensor gx = x.grad();
        x.zeroGrad();
        w.zeroGrad();
        gx.mul(gx).sum().backward();
        System.arraycopy(x.grad().toDoubleArray(), 0, out, 27, 3);
        System.arraycopy(w.grad().toDoubleArray(), 0, out, 30, 6);
        return out;
    }

    @Test
    void noGradScopesNestInsideAndAroundAnOpening() {
        Tensor w = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
        try (GradMode outer = Tensor.noGrad(); Workspace open = workspace.open()) {
            assertFalse(w.mul(2.0).requiresGrad());
            try (GradMode inner = Tensor.enableGrad()) {
                w.mul(w).sum().backward();
            }
        }
        assertArrayEquals(new float[] {2, 4}, w.grad().toFloatArray());
        assertTrue(Tensor.isGradEnabled());
    }

    @Test
    void opensAreNeitherNestedNorRepeatedNorShared() throws Exception {
        Workspace other = Workspace.create();
        try (Workspace open = workspace.open()) {
            assertThrows(IllegalStateException.class, workspace::open);
            assertThrows(IllegalStateException.class, other::open);
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                workspace.open();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        t.join();
        assertTrue(failure.get() instanceof IllegalStateException, String.valueOf(failure.get()));
        try (Workspace open = other.open()) {
            assertTrue(other.isOpen());
        }
        assertFalse(other.isOpen());
    }

    @Test
    void otherThreadsAreUnaffectedByAnOpening() throws Exception {
        Tensor x = x();
        try (Workspace open = workspace.open()) {
            AtomicReference<Tensor> made = new AtomicReference<>();
            Thread t = new Thread(() -> made.set(x.mul(2.0)));
            t.start();
            t.join();
            assertFalse(made.get().pooled());
        }
    }

    @Test
    void aSteadyLoopStopsGrowing() {
        Tensor w = Tensor.randn(Rng.of(3), 4, 3).requiresGrad(true);
        Tensor b = Tensor.zeros(3).requiresGrad(true);
        Tensor x = Tensor.randn(Rng.of(4), 5, 4);
        Tensor target = Tensor.oneHot(new int[] {0, 1, 2, 1, 0}, 3);
        int[] sizes = new int[4];
        for (int step = 0; step < sizes.length; step++) {
            try (Workspace open = workspace.open()) {
                w.zeroGrad();
                b.zeroGrad();
                x.linear(w, b).relu().softmaxCrossEntropy(target).backward();
            }
            sizes[step] = workspace.tensors();
        }
        assertEquals(sizes[1], sizes[3]);
    }
}
