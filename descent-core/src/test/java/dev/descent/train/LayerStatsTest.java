package dev.descent.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.Dataset;
import dev.descent.data.Generated;
import dev.descent.loss.Losses;
import dev.descent.nn.Sequential;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Sgd;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayerStatsTest {
    private record Run(History history, List<float[]> weights) {
    }

    private static Run train(List<LayerStats.Sample> samples, boolean watched) {
        Dataset data = Generated.moons(120, 0.1, 3);
        Sequential net = Sequential.mlp(2, 6, 2);
        Optimizer sgd = Sgd.of(net.parameterTensors(), 0.1);
        Trainer trainer = Trainer.of(net, Losses.crossEntropy(), sgd, TrainConfig.of(3, 10));
        if (samples != null) {
            trainer.addCallback(LayerStats.of(net, 2, () -> watched, samples::add));
        }
        History history = trainer.fit(data);
        List<float[]> weights = new ArrayList<>();
        for (Tensor p : net.parameterTensors()) {
            weights.add(p.toFloatArray());
        }
        return new Run(history, weights);
    }

    @Test
    void samplingTheLayersLeavesTrainingBitwiseTheSame() {
        Run plain = train(null, false);
        List<LayerStats.Sample> samples = new ArrayList<>();
        Run sampled = train(samples, true);
        assertEquals(plain.history(), sampled.history());
        for (int i = 0; i < plain.weights().size(); i++) {
            assertArrayEquals(plain.weights().get(i), sampled.weights().get(i), "parameter " + i);
        }
        // 36 steps: copy at step 2k, measure at 2k+1, so samples after steps 3, 5, ..., 35
        assertEquals(17, samples.size());
        assertEquals(3, samples.get(0).step());
    }

    @Test
    void aSampleIsTheStepsGradientNormAndItsUpdateOverTheWeights() {
        // one SGD step of rate 0.1 moves w by 0.1 g, so ‖Δw‖/‖w‖ = 0.1‖g‖/‖w‖, layer by layer
        Sequential net = Sequential.mlp(2, 3, 2);
        Optimizer sgd = Sgd.of(net.parameterTensors(), 0.1);
        List<LayerStats.Sample> samples = new ArrayList<>();
        LayerStats stats = LayerStats.of(net, 2, () -> true, samples::add);
        assertEquals(List.of("0", "2"), stats.layers());
        Dataset data = Generated.moons(60, 0.1, 5);
        Trainer.of(net, Losses.crossEntropy(), sgd, TrainConfig.of(1, 20)).addCallback(stats)
                .addCallback(new Callback() {
                    @Override
                    public void onStep(int epoch, int step, int stepsPerEpoch, double loss) {
                        if (step != 3) {
                            return;
                        }
                        // after step 3 (the measured one): weights now w + Δw, Δw = -0.1 g
                        double g = 0;
                        double w = 0;
                        for (Tensor p : net.parameterTensors().subList(0, 2)) {
                            float[] grad = p.grad().toFloatArray();
                            float[] now = p.toFloatArray();
                            for (int i = 0; i < grad.length; i++) {
                                g += (double) grad[i] * grad[i];
                                double before = now[i] + 0.1 * grad[i];
                                w += before * before;
                            }
                        }
                        assertEquals(Math.sqrt(g), samples.get(0).gradientNorms()[0], 1e-5);
                        assertEquals(0.1 * Math.sqrt(g) / Math.sqrt(w), samples.get(0).updateRatios()[0], 1e-5);
                    }
                }).fit(data);
        assertEquals(1, samples.size());
    }

    @Test
    void nothingIsSampledWhileNobodyWatches() {
        List<LayerStats.Sample> samples = new ArrayList<>();
        train(samples, false);
        assertTrue(samples.isEmpty());
    }
}
