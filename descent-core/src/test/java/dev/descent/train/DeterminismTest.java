package dev.descent.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.descent.data.Dataset;
import dev.descent.data.Generated;
import dev.descent.loss.Losses;
import dev.descent.nn.Activation;
import dev.descent.nn.Dropout;
import dev.descent.nn.Linear;
import dev.descent.nn.Sequential;
import dev.descent.optim.Adam;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import dev.descent.tensor.kernel.Parallelism;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Same seed and thread count give bitwise the same history and weights. Across thread counts the tolerance is zero
 * too: {@link Parallelism} splits work into the same tasks whatever the thread count and computes each output
 * element in one task in a fixed order, so 1 and 2 threads must agree to the bit. The model is big enough (batch 64,
 * 128 hidden units) that its matrix products really are split across threads, and has dropout, so its own seeded
 * random numbers are covered too.
 */
class DeterminismTest {
    private record Run(History history, List<float[]> weights) {
    }

    private static Run train(int threads, long seed) {
        int saved = Parallelism.threads();
        Parallelism.setThreads(threads);
        try {
            Dataset.Split split = Generated.blobs(640, 3, 1.0, 9).split(0.2, seed);
            Rng rng = Rng.of(seed);
            Sequential net = Sequential.of(Linear.of(2, 128, rng), Activation.tanh(), Dropout.of(0.1, Rng.of(seed + 1)),
                    Linear.of(128, 128, rng), Activation.relu(), Linear.of(128, 3, rng));
            History history = Trainer.of(net, Losses.crossEntropy(), Adam.of(net.parameterTensors(), 0.01),
                    TrainConfig.of(4, 64).withSeed(seed)).fit(split.train(), split.validation());
            List<float[]> weights = new ArrayList<>();
            for (Tensor p : net.parameterTensors()) {
                weights.add(p.toFloatArray());
            }
            return new Run(history, weights);
        } finally {
            Parallelism.setThreads(saved);
        }
    }

    private static void assertBitwiseEqual(Run a, Run b) {
        assertEquals(a.history(), b.history(), "history (every step's loss, rate and norm; every epoch's summary)");
        assertEquals(a.weights().size(), b.weights().size());
        for (int i = 0; i < a.weights().size(); i++) {
            assertArrayEquals(a.weights().get(i), b.weights().get(i), "parameter " + i);
        }
    }

    @Test
    void sameSeedAndOneThreadGiveBitwiseTheSameRun() {
        assertBitwiseEqual(train(1, 5), train(1, 5));
    }

    @Test
    void sameSeedAndTwoThreadsGiveBitwiseTheSameRun() {
        assertBitwiseEqual(train(2, 5), train(2, 5));
    }

    @Test
    void oneAndTwoThreadsAgreeToTheBit() {
        assertBitwiseEqual(train(1, 5), train(2, 5));
    }

    @Test
    void theSeedMatters() {
        assertNotEquals(train(1, 5).history(), train(1, 6).history());
    }
}
