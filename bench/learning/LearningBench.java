import dev.descent.data.DataPair;
import dev.descent.data.DataSources;
import dev.descent.loss.Loss;
import dev.descent.loss.Losses;
import dev.descent.nn.Activation;
import dev.descent.nn.Init;
import dev.descent.nn.Sequential;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Sgd;
import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import dev.descent.train.Callback;
import dev.descent.train.EpochResult;
import dev.descent.train.Evaluation;
import dev.descent.train.History;
import dev.descent.train.TrainConfig;
import dev.descent.train.Trainer;
import java.util.Locale;

/**
 * The learning benchmark: trains the tutorials' networks on real data and prints test accuracy per epoch and
 * training samples per second. Usage (see bench/learning.sh):
 *   java -cp CLASSPATH bench/learning/LearningBench.java DATASPEC CONFIG EPOCHS [LEARNING_RATE]
 * CONFIG: nielsen (784-30-10 sigmoid, quadratic cost, SGD 3.0, batch 10) or relu (784-128-10 ReLU, cross-entropy,
 * SGD momentum 0.9, lr 0.1, batch 64).
 */
public class LearningBench {
    public static void main(String[] args) {
        String spec = args.length > 0 ? args[0] : "fashion-mnist";
        String config = args.length > 1 ? args[1] : "nielsen";
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        double rate = args.length > 3 ? Double.parseDouble(args[3]) : config.equals("nielsen") ? 3.0 : 0.1;
        DataPair data = DataSources.resolve(spec, 1);
        boolean nielsen = config.equals("nielsen");
        Rng rng = Rng.of(1);
        Sequential net = nielsen
                ? Sequential.mlp(new int[] {784, 30, 10}, Activation.sigmoid(), Activation.sigmoid(), Init.STANDARD_NORMAL, DType.F32, rng)
                : Sequential.mlp(new int[] {784, 128, 10}, Activation.relu(), Activation.identity(), Init.UNIFORM_FAN_IN, DType.F32, rng);
        Loss loss = nielsen ? Losses.quadratic() : Losses.crossEntropy();
        Optimizer opt = nielsen ? Sgd.of(net.parameterTensors(), rate) : Sgd.momentum(net.parameterTensors(), rate, 0.9);
        int batch = nielsen ? 10 : 64;
        System.out.printf(Locale.ROOT, "# %s on %s (%d train, %d test), %d epochs, batch %d, learning rate %s, threads %d%n", config, spec,
                data.train().size(), data.test().size(), epochs, batch, rate, dev.descent.tensor.kernel.Parallelism.threads());
        System.out.println("epoch,test_accuracy,train_loss,samples_per_second");
        Trainer.of(net, loss, opt, TrainConfig.of(epochs, batch).withSeed(1)).addCallback(new Callback() {
            @Override
            public void onEpoch(EpochResult r, History h) {
                double acc = Evaluation.of(net, data.test(), loss, 1000, DType.F32).accuracy();
                System.out.printf(Locale.ROOT, "%d,%.4f,%.5f,%.0f%n", r.epoch(), acc, r.trainLoss(), data.train().size() / r.seconds());
            }
        }).fit(data.train());
    }
}
