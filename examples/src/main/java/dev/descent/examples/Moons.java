package dev.descent.examples;

import dev.descent.data.DataSources;
import dev.descent.io.Checkpoint;
import dev.descent.loss.Losses;
import dev.descent.nn.Sequential;
import dev.descent.optim.Adam;
import dev.descent.train.Evaluation;
import dev.descent.train.TrainConfig;
import dev.descent.train.Trainer;
import java.nio.file.Path;

public class Moons {
    public static void main(String[] args) throws Exception {
        var moons = DataSources.resolve("moons", 42);            // 1,000 training + 1,000 test points
        Sequential model = Sequential.mlp(2, 16, 16, 2);          // Linear, ReLU, Linear, ReLU, Linear: logits
        Trainer.of(model, Losses.crossEntropy(), Adam.of(model.parameterTensors(), 0.01), TrainConfig.of(20, 32))
                .fit(moons.train());
        System.out.printf("test accuracy: %.1f%%%n", 100 * Evaluation.of(model, moons.test()).accuracy());
        Path run = Path.of(args.length > 0 ? args[0] : "runs/moons");
        Checkpoint.of(model, Losses.crossEntropy(), "moons").save(run); // descent eval runs/moons
        Sequential loaded = Checkpoint.load(run).model();
        System.out.printf("reloaded: %.1f%%%n", 100 * Evaluation.of(loaded, moons.test()).accuracy());
    }
}
