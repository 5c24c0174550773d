package dev.descent.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Issue 19: in-place changes after use are caught by version counters; backward on shared weights loses nothing. */
class TensorVersionTest {
    @Test
    void changingASavedInputInPlaceMakesBackwardFailNamingTheOp() {
        Tensor w = Tensor.of(new double[] {2, 3}, 2).requiresGrad(true).named("w");
        Tensor x = Tensor.of(new double[] {5, 7}, 2).named("x");
        Tensor loss = w.mul(x).sum();
        x.setFlat(0, 100); // d loss / d w is x as it was: backward would now use 100
        var e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("'mul'") && e.getMessage().contains("('x')")
                && e.getMessage().contains("modified in place"), e.getMessage());
    }

    @Test
    void aViewSharesTheVersionOfItsStorage() {
        Tensor w = Tensor.of(new double[] {2, 3}, 2).requiresGrad(true);
        Tensor x = Tensor.of(new double[] {5, 7}, 2);
        Tensor loss = w.mul(x.detach()).sum();
        x.copyFrom(Tensor.of(new double[] {1, 1}, 2));
        assertThrows(IllegalStateException.class, loss::backward);
    }

    @Test
    void changesBeforeTheForwardPassAreFine() {
        Tensor w = Tensor.of(new double[] {2, 3}, 2).requiresGrad(true);
        Tensor x = Tensor.of(new double[] {5, 7}, 2);
        x.setFlat(0, 4);
        w.mul(x).sum().backward();
        assertArrayEquals(new double[] {4, 7}, w.grad().toDoubleArray(), 0.0);
    }

    @Test
    void backwardFromManyThreadsOnSharedWeightsLosesNoUpdate() throws InterruptedException {
        Tensor w = Tensor.of(new float[] {1, 1, 1, 1}, 4).requiresGrad(true);
        int threads = 8;
        int passes = 800;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < passes; i++) {
                    w.mul(Tensor.of(new float[] {1, 1, 1, 1}, 4)).sum().backward();
                }
            });
            workers.add(worker);
            worker.start();
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        double[] expected = new double[4];
        java.util.Arrays.fill(expected, threads * passes); // whole numbers below 2^24: exact in float whatever the order
        assertArrayEquals(expected, w.grad().toDoubleArray(), 0.0);
    }
}
