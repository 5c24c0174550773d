import dev.descent.data.DataPair;
import dev.descent.data.DataSources;
import dev.descent.loss.Losses;
import dev.descent.nn.Activation;
import dev.descent.nn.Init;
import dev.descent.nn.Sequential;
import dev.descent.optim.OptimizerKind;
import dev.descent.optim.Sgd;
import dev.descent.spark.ModelAveraging;
import dev.descent.spark.SparkExamples;
import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import dev.descent.train.EpochResult;
import dev.descent.train.History;
import dev.descent.train.TrainConfig;
import dev.descent.train.Trainer;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Config c of bench/perf.sh (784-128-10 ReLU, cross-entropy, SGD momentum 0.9, lr 0.1, batch 64) on Fashion-MNIST:
 * synchronous training (Trainer on one machine, which synchronous Spark training equals) against ModelAveraging
 * every K local steps on local[2] with 2 partitions. Prints test accuracy and seconds per epoch.
 * Usage: AveragingBench EPOCHS K...
 */
public final class AveragingBench {
    public static void main(String[] args) {
        int epochs = Integer.parseInt(args[0]);
        DataPair data = DataSources.fashionMnist(null);
        TrainConfig config = new TrainConfig(epochs, 64, 1, false, null);
        if (!"0".equals(System.getenv("SYNC"))) {
            Sequential sync = model();
            History h = Trainer.of(sync, Losses.crossEntropy(), Sgd.momentum(sync.parameterTensors(), 0.1, 0.9),
                    config).fit(data.train(), data.test());
            print("synchronous (batch 64)", h);
        }
        SparkSession spark = SparkSession.builder().master("local[2]").appName("averaging bench")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            SparkExamples rows = SparkExamples.of(JavaSparkContext.fromSparkContext(spark.sparkContext()),
                    data.train(), 2);
            for (int i = 1; i < args.length; i++) {
                int k = Integer.parseInt(args[i]);
                Sequential m = model();
                History a = ModelAveraging.of(m, Losses.crossEntropy(), OptimizerKind.MOMENTUM, 0.1, config, k)
                        .fit(rows, data.test());
                print("averaging every " + k + " local steps, 2 partitions", a);
            }
        } finally {
            spark.stop();
        }
    }

    static Sequential model() {
        return Sequential.mlp(new int[] {784, 128, 10}, Activation.relu(), Activation.identity(), Init.UNIFORM_FAN_IN,
                DType.F32, Rng.of(42));
    }

    static void print(String what, History h) {
        StringBuilder sb = new StringBuilder(what + ":");
        for (EpochResult e : h.epochs()) {
            sb.append(String.format(Locale.ROOT, "  epoch %d test %.2f%% (%.1f s)", e.epoch(),
                    100 * e.validationAccuracy(), e.seconds()));
        }
        System.out.println(sb);
    }
}
