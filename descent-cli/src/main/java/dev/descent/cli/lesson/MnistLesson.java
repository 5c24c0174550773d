package dev.descent.cli.lesson;

import static dev.descent.cli.lesson.Text.f;

import dev.descent.data.DataPair;
import dev.descent.data.DataSources;
import dev.descent.loss.Loss;
import dev.descent.loss.Losses;
import dev.descent.nn.Activation;
import dev.descent.nn.Init;
import dev.descent.nn.Sequential;
import dev.descent.optim.Adam;
import dev.descent.plot.LineChart;
import dev.descent.plot.Series;
import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import dev.descent.train.EpochResult;
import dev.descent.train.Evaluation;
import dev.descent.train.History;
import dev.descent.train.TrainConfig;
import dev.descent.train.Trainer;
import dev.descent.text.Messages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The network of 3Blue1Brown's MNIST tutorial: 784 inputs, two hidden layers of 16 sigmoid neurons, 10 outputs —
 * 784·16+16 + 16·16+16 + 16·10+10 = 13,002 weights and biases — trained briefly on generated digits (or MNIST-format
 * files with {@code --data}).
 */
public final class MnistLesson implements Lesson {
    static final int[] SIZES = {784, 16, 16, 10};
    static final int TRAIN = 10_000;
    static final int TEST = 2_000;
    static final int EPOCHS = 5;
    static final int BATCH = 32;
    static final double RATE = 0.01;

    /** The parameter count, the data used, and the run. */
    public record Result(long parameters, String data, int trainSize, int testSize, List<EpochResult> epochs,
                         double[] stepLosses, double testAccuracy, double testLoss) implements Report {
        @Override
        public String text(boolean zh) {
            StringBuilder out = new StringBuilder();
            Messages m = Messages.of(zh);
            out.append(m.get("lesson.mnist.network", f("%,d", parameters))).append('\n');
            out.append(m.get("lesson.mnist.data", data, f("%,d", trainSize), f("%,d", testSize), Text.g(RATE),
                    Integer.toString(BATCH))).append('\n');
            Text.Table table = new Text.Table(m.get("table.epoch"), m.get("table.train_loss"),
                    m.get("lesson.mnist.train_accuracy"), m.get("table.test_loss"), m.get("lesson.mnist.test_accuracy"));
            for (EpochResult e : epochs) {
                table.row(e.epoch(), f("%.4f", e.trainLoss()), f("%.2f%%", 100 * e.trainAccuracy()),
                        f("%.4f", e.validationLoss()), f("%.2f%%", 100 * e.validationAccuracy()));
            }
            out.append(table);
            out.append(m.get("lesson.mnist.result", f("%.2f%%", 100 * testAccuracy))).append('\n');
            return out.toString();
        }

        @Override
        public Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("lesson", "mnist");
            m.put("parameters", parameters);
            m.put("data", data);
            m.put("trainSize", trainSize);
            m.put("testSize", testSize);
            List<Object> list = new ArrayList<>();
            for (EpochResult e : epochs) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("epoch", e.epoch());
                row.put("trainLoss", e.trainLoss());
                row.put("trainAccuracy", e.trainAccuracy());
                row.put("testLoss", e.validationLoss());
                row.put("testAccuracy", e.validationAccuracy());
                list.add(row);
            }
            m.put("epochs", list);
            m.put("testAccuracy", testAccuracy);
            return m;
        }
    }

    @Override
    public String name() {
        return "mnist";
    }

    @Override
    public String seeds() {
        return "003";
    }

    @Override
    public String summary(boolean zh) {
        return Messages.of(zh).get("lesson.mnist.summary");
    }

    /** The network for {@code seed}, untrained. */
    public static Sequential network(long seed) {
        return Sequential.mlp(SIZES, Activation.sigmoid(), Activation.identity(), Init.XAVIER_UNIFORM, DType.F32,
                Rng.of(seed));
    }

    /** Trains for {@code epochs} on generated digits ({@code data} null) or the named data set. */
    public static Result compute(long seed, String data, int epochs, int trainSize, int testSize) {
        String spec = data == null ? "digits" : data;
        DataPair pair = data == null ? DataSources.digits(trainSize, testSize, seed)
                : DataSources.resolve(spec, seed, trainSize, testSize);
        Sequential model = network(seed);
        Loss loss = Losses.crossEntropy();
        Trainer trainer = Trainer.of(model, loss, Adam.of(model.parameterTensors(), RATE),
                TrainConfig.of(epochs, BATCH).withSeed(seed));
        History history = trainer.fit(pair.train(), pair.test());
        Evaluation test = Evaluation.of(model, pair.test(), loss, 1000, DType.F32);
        return new Result(model.parameterCount(), spec, pair.train().size(), pair.test().size(), history.epochs(),
                history.stepLosses(), test.accuracy(), test.loss());
    }

    /** Most steps the web page may train for (each a batch of 32 generated digits). */
    public static final int MAX_LIVE_STEPS = 1000;
    /** Test digits the web page's short run is measured on. */
    static final int LIVE_TEST = 500;

    /** A short run: the trained network, its history and its test accuracy. */
    public record Trained(Sequential model, History history, double testAccuracy, double testLoss) {
    }

    /**
     * The lesson's network and optimizer trained for {@code steps} batches of 32 generated digits (one epoch over
     * steps·32 digits), each step reported to {@code progress}: the web page's live run, small and bounded.
     */
    public static Trained train(long seed, int steps, dev.descent.train.Callback progress) {
        if (steps < 1 || steps > MAX_LIVE_STEPS) {
            throw new IllegalArgumentException("steps must be between 1 and " + MAX_LIVE_STEPS + ", was " + steps);
        }
        DataPair pair = DataSources.digits(steps * BATCH, LIVE_TEST, seed);
        Sequential model = network(seed);
        Loss loss = Losses.crossEntropy();
        Trainer trainer = Trainer.of(model, loss, Adam.of(model.parameterTensors(), RATE),
                TrainConfig.of(1, BATCH).withSeed(seed)).addCallback(progress);
        History history = trainer.fit(pair.train(), pair.test());
        Evaluation test = Evaluation.of(model, pair.test(), loss, 1000, DType.F32);
        return new Trained(model, history, test.accuracy(), test.loss());
    }

    @Override
    public Page page(Query q, Messages m) {
        Sequential model = network((long) q.number("seed", 42, 0, Integer.MAX_VALUE));
        Text.Table layers = new Text.Table(m.get("web.lessons.mnist.layer"), m.get("web.lessons.mnist.weights"),
                m.get("web.lessons.mnist.biases"), m.get("web.lessons.mnist.parameters"));
        List<Object> shapes = new ArrayList<>();
        for (int i = 1; i < SIZES.length; i++) {
            int weights = SIZES[i - 1] * SIZES[i];
            layers.row(SIZES[i - 1] + " → " + SIZES[i], f("%d×%d = %,d", SIZES[i - 1], SIZES[i], weights),
                    SIZES[i], f("%,d", weights + SIZES[i]));
            shapes.add(List.of(SIZES[i - 1], SIZES[i]));
        }
        layers.row(m.get("web.lessons.mnist.total"), "", "", f("%,d", model.parameterCount()));
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("parameters", model.parameterCount());
        numbers.put("sizes", SIZES);
        numbers.put("layers", shapes);
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("steps", (int) q.number("steps", 300, 1, MAX_LIVE_STEPS));
        inputs.put("seed", (long) q.number("seed", 42, 0, Integer.MAX_VALUE));
        return new Page(inputs, List.of(
                Page.Step.of("network", m.get("web.lessons.mnist.network"), m.get("web.lessons.mnist.network.explain"))
                        .table(layers).line(m.get("lesson.mnist.network", f("%,d", model.parameterCount())))
                        .slip(m.get("web.lessons.mnist.slip")),
                Page.Step.of("train", m.get("web.lessons.mnist.train"), m.get("web.lessons.mnist.train.explain")),
                Page.Step.of("weights", m.get("web.lessons.mnist.first_layer"),
                        m.get("web.lessons.mnist.first_layer.explain")),
                Page.Step.of("matter", m.get("web.lessons.mnist.matter"), m.get("web.lessons.mnist.matter.explain"))),
                numbers, null);
    }

    @Override
    public Ran run(Settings s) throws IOException {
        Result r = compute(s.seed(), s.data(), EPOCHS, TRAIN, TEST);
        Path out = s.out().resolve("mnist-loss.png");
        Messages m = Messages.of(s.figuresInChinese());
        LineChart.of(m.get("lesson.mnist.title", r.data()), m.get("column.step"), m.get("lesson.mnist.axis"),
                Series.of(m.get("lesson.mnist.series"), r.stepLosses())).save(out);
        return new Ran(r, List.of(out));
    }
}
