import dev.descent.autograd.Anomaly;
import dev.descent.data.DataSources;
import dev.descent.data.Dataset;
import dev.descent.loss.Losses;
import dev.descent.nn.Activation;
import dev.descent.nn.Init;
import dev.descent.nn.Sequential;
import dev.descent.optim.Sgd;
import dev.descent.tensor.AnomalyMode;
import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import dev.descent.train.TrainConfig;
import dev.descent.train.Trainer;

/**
 * What anomaly detection costs: seconds per epoch of Nielsen's 784-30-10 network on 10,000 generated digits
 * (mini-batches of 10), with detection off and on, best of five epochs each.
 * Run: java -cp descent-core/target/classes:$(jackson-core jar) bench/reliability/AnomalyOverhead.java
 */
public class AnomalyOverhead {
    public static void main(String[] args) {
        Dataset digits = DataSources.digits(10_000, 100, 1).train();
        for (int round = 0; round < 2; round++) {
            System.out.printf("off: %.3f s/epoch%n", best(digits, false));
            System.out.printf("on:  %.3f s/epoch%n", best(digits, true));
        }
    }

    @SuppressWarnings("try")
    static double best(Dataset data, boolean detect) {
        Sequential net = Sequential.mlp(new int[] {784, 30, 10}, Activation.sigmoid(), Activation.sigmoid(),
                Init.STANDARD_NORMAL, DType.F32, Rng.of(1));
        Trainer trainer = Trainer.of(net, Losses.quadratic(), Sgd.of(net.parameterTensors(), 3.0),
                TrainConfig.of(1, 10));
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < 5; i++) {
            long t = System.nanoTime();
            if (detect) {
                try (AnomalyMode on = Anomaly.detect()) {
                    trainer.fit(data);
                }
            } else {
                trainer.fit(data);
            }
            best = Math.min(best, (System.nanoTime() - t) / 1e9);
        }
        return best;
    }
}
