package dev.descent.web;

import dev.descent.data.Dataset;
import dev.descent.data.Generated;
import dev.descent.io.Checkpoint;
import dev.descent.loss.Losses;
import dev.descent.nn.Sequential;
import dev.descent.optim.Adam;
import dev.descent.optim.Optimizer;
import dev.descent.train.History;
import dev.descent.train.TrainConfig;
import dev.descent.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small runs trained in the test (moons, seeded) and saved as {@code descent train} saves them. */
final class TrainedRuns {
    private TrainedRuns() {
    }

    /** Trains 2-8-2 on 200 moons for {@code epochs} epochs and saves the run into {@code dir}; returns its checkpoint. */
    static Checkpoint moons(Path dir, int epochs) throws IOException {
        Dataset train = Generated.moons(200, 0.1, 1);
        Dataset test = Generated.moons(100, 0.1, 2);
        Sequential model = Sequential.mlp(2, 8, 2);
        Optimizer optimizer = Adam.of(model.parameterTensors(), 0.05);
        History history = Trainer.of(model, Losses.crossEntropy(), optimizer, TrainConfig.of(epochs, 20))
                .fit(train, test);
        Map<String, String> info = new LinkedHashMap<>();
        info.put("data", "moons");
        info.put("limit", "0");
        info.put("model", "2-8-2");
        info.put("loss", "cross-entropy");
        info.put("optimizer", "adam");
        info.put("lr", "0.05");
        info.put("batch", "20");
        info.put("seed", "1");
        info.put("clip_norm", "NaN");
        info.put("epochs", Integer.toString(epochs));
        Checkpoint c = new Checkpoint(model, null, optimizer.state(), history, info);
        Checkpoint.save(dir, c);
        return Checkpoint.load(dir);
    }

    /**
     * Trains the convolutional {@code 1x28x28-conv4-pool-10} on 200 generated digits for {@code epochs} epochs and
     * saves the run into {@code dir}; returns its checkpoint.
     */
    static Checkpoint digits(Path dir, int epochs) throws IOException {
        String spec = "1x28x28-conv4-pool-10";
        Sequential model = dev.descent.nn.ModelSpec.parse(spec).build(dev.descent.nn.Activation.relu(),
                dev.descent.nn.Activation.identity(), dev.descent.nn.Init.HE_NORMAL, dev.descent.tensor.DType.F32,
                dev.descent.tensor.Rng.of(3));
        Optimizer optimizer = Adam.of(model.parameterTensors(), 0.01);
        History history = Trainer.of(model, Losses.crossEntropy(), optimizer, TrainConfig.of(epochs, 20))
                .fit(Generated.digits(200, 1), Generated.digits(50, 2));
        Map<String, String> info = new LinkedHashMap<>();
        info.put("data", "digits");
        info.put("model", spec);
        info.put("activation", "relu");
        info.put("loss", "cross-entropy");
        info.put("optimizer", "adam");
        Checkpoint c = new Checkpoint(model, null, optimizer.state(), history, info);
        Checkpoint.save(dir, c);
        return Checkpoint.load(dir);
    }
}
