package dev.descent.cli.lesson;

import static dev.descent.cli.lesson.Text.f;

import dev.descent.loss.Loss;
import dev.descent.loss.Losses;
import dev.descent.optim.GradientDescent;
import dev.descent.optim.Optimizer;
import dev.descent.plot.LineChart;
import dev.descent.plot.Series;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import dev.descent.text.Messages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The backpropagation tutorial's losses: absolute against squared error for labels [1, 1, 1]; the cross-entropy curves
 * −log(a) and −log(1 − a); and Nielsen's (ch. 3) saturated sigmoid neuron — w = 2, b = 2, input 1, target 0, η = 0.15 —
 * trained with the quadratic cost and with cross-entropy, where the quadratic cost learns slowly at first.
 */
public final class LossesLesson implements Lesson {
    static final double[][] PREDICTIONS = {{1, 2, 3}, {1, 3, 3}};
    static final double[] LABELS = {1, 1, 1};
    static final double START_W = 2;
    static final double START_B = 2;
    static final double RATE = 0.15;
    static final int EPOCHS = 300;
    static final int[] SHOWN = {0, 50, 100, 150, 200, 250, 300};

    /** One training run of the neuron: output a and cost after each epoch (index 0 = before training). */
    public record Run(String cost, double[] outputs, double[] costs) {
    }

    /** The tables and both runs. */
    public record Result(double[] absolute, double[] squared, Run quadratic, Run crossEntropy) implements Report {
        /** 4/3 and 8/5: how much each loss grows from the first prediction to the second. */
        public double absoluteRatio() {
            return absolute[1] / absolute[0];
        }

        public double squaredRatio() {
            return squared[1] / squared[0];
        }

        @Override
        public String text(boolean zh) {
            StringBuilder out = new StringBuilder();
            Messages m = Messages.of(zh);
            out.append(m.get("lesson.losses.labels")).append('\n');
            out.append(errors(m));
            out.append(m.get("lesson.losses.punishes")).append("\n\n");
            out.append(m.get("lesson.losses.cross_entropy_rule")).append("\n\n");
            out.append(m.get("lesson.losses.saturated")).append('\n');
            Text.Table runs = new Text.Table(m.get("table.epoch"), m.get("lesson.losses.a_quadratic"),
                    m.get("lesson.losses.cost"), m.get("lesson.losses.a_cross_entropy"),
                    m.get("lesson.losses.cross_entropy"));
            for (int e : SHOWN) {
                runs.row(e, f("%.4f", quadratic.outputs()[e]), f("%.4f", quadratic.costs()[e]),
                        f("%.4f", crossEntropy.outputs()[e]), f("%.4f", crossEntropy.costs()[e]));
            }
            out.append(runs);
            out.append(m.get("lesson.losses.slowdown", f("%.3f", sigmoidSlope(quadratic.outputs()[0])),
                    f("%.2f", quadratic.outputs()[50]), f("%.2f", crossEntropy.outputs()[50]))).append('\n');
            return out.toString();
        }

        Text.Table errors(Messages m) {
            Text.Table table = new Text.Table(m.get("lesson.losses.prediction"), m.get("lesson.losses.absolute"),
                    m.get("lesson.losses.squared"));
            table.row("[1, 2, 3]", Text.g(absolute[0]), Text.g(squared[0]));
            table.row("[1, 3, 3]", Text.g(absolute[1]), Text.g(squared[1]));
            table.row(m.get("lesson.losses.ratio"), f("%.2f", absoluteRatio()), f("%.2f", squaredRatio()));
            return table;
        }

        private static double sigmoidSlope(double a) {
            return a * (1 - a);
        }

        @Override
        public Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("lesson", "losses");
            m.put("absolute", List.of(absolute[0], absolute[1]));
            m.put("squared", List.of(squared[0], squared[1]));
            m.put("absoluteRatio", absoluteRatio());
            m.put("squaredRatio", squaredRatio());
            for (Run r : List.of(quadratic, crossEntropy)) {
                Map<String, Object> run = new LinkedHashMap<>();
                run.put("output", r.outputs());
                run.put("cost", r.costs());
                m.put(r.cost(), run);
            }
            return m;
        }
    }

    @Override
    public String name() {
        return "losses";
    }

    @Override
    public String seeds() {
        return "002";
    }

    @Override
    public String summary(boolean zh) {
        return Messages.of(zh).get("lesson.losses.summary");
    }

    /** The tables and the two training runs. */
    public static Result compute() {
        double[] absolute = new double[2];
        double[] squared = new double[2];
        Tensor labels = Tensor.of(LABELS, 3);
        for (int i = 0; i < 2; i++) {
            Tensor p = Tensor.of(PREDICTIONS[i], 3);
            absolute[i] = Losses.l1().apply(p, labels).item() * 3;
            squared[i] = Losses.sse().apply(p, labels).item();
        }
        return new Result(absolute, squared, train("quadratic", Losses.quadratic()),
                train("crossEntropy", Losses.binaryCrossEntropy()));
    }

    /** Nielsen's neuron trained with {@code loss} by the engine's gradient descent. */
    static Run train(String name, Loss loss) {
        Tensor w = Tensor.scalar(START_W, DType.F64).requiresGrad(true);
        Tensor b = Tensor.scalar(START_B, DType.F64).requiresGrad(true);
        Tensor input = Tensor.scalar(1, DType.F64);
        Tensor target = Tensor.scalar(0, DType.F64);
        Optimizer gd = GradientDescent.of(List.of(w, b), RATE);
        double[] outputs = new double[EPOCHS + 1];
        double[] costs = new double[EPOCHS + 1];
        for (int e = 0; ; e++) {
            gd.zeroGrad();
            Tensor a = w.mul(input).add(b).sigmoid();
            Tensor cost = loss.apply(a, target);
            outputs[e] = a.item();
            costs[e] = cost.item();
            if (e == EPOCHS) {
                break;
            }
            cost.backward();
            gd.step();
        }
        return new Run(name, outputs, costs);
    }

    /** The losses the page may compare on the saturated neuron: those that take a probability and a target. */
    static final List<String> COMPARABLE = List.of("quadratic", "bce", "mse", "sse", "l1", "huber");

    @Override
    public Page page(Query q, Messages m) {
        String first = q.text("loss", "quadratic");
        String second = q.text("against", "bce");
        for (String[] named : new String[][] {{"loss", first}, {"against", second}}) {
            if (!COMPARABLE.contains(named[1])) {
                throw new IllegalArgumentException(named[0] + " must be one of " + String.join(", ", COMPARABLE)
                        + ", was '" + named[1] + "'");
            }
        }
        Result r = compute();
        Run a = train(first, dev.descent.loss.LossKind.parse(first).create());
        Run b = train(second, dev.descent.loss.LossKind.parse(second).create());
        Text.Table runs = new Text.Table(m.get("table.epoch"), "a (" + first + ")", first, "a (" + second + ")", second);
        for (int e : SHOWN) {
            runs.row(e, f("%.4f", a.outputs()[e]), f("%.4f", a.costs()[e]), f("%.4f", b.outputs()[e]),
                    f("%.4f", b.costs()[e]));
        }
        Page.Step slowdown = Page.Step.of("saturated", m.get("web.lessons.losses.saturated"),
                m.get("lesson.losses.saturated")).table(runs).line(m.get("web.lessons.losses.after", first,
                f("%.4f", a.outputs()[50]), second, f("%.4f", b.outputs()[50])));
        if (first.equals("quadratic") && second.equals("bce")) {
            slowdown = slowdown.line(m.get("lesson.losses.slowdown", f("%.3f", Result.sigmoidSlope(a.outputs()[0])),
                    f("%.2f", a.outputs()[50]), f("%.2f", b.outputs()[50])));
        }
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("loss", first);
        inputs.put("against", second);
        Map<String, Object> numbers = new LinkedHashMap<>(r.json());
        numbers.put("compared", Map.of("loss", a.outputs(), "against", b.outputs()));
        return new Page(inputs, List.of(
                Page.Step.of("errors", m.get("web.lessons.losses.errors"), m.get("lesson.losses.labels"))
                        .table(r.errors(m)).line(m.get("lesson.losses.punishes")),
                Page.Step.of("cross-entropy", m.get("web.lessons.losses.cross_entropy"),
                        m.get("web.lessons.losses.cross_entropy.explain")).line(m.get("lesson.losses.cross_entropy_rule")),
                slowdown), numbers, Page.graph("0.5*sigmoid(w+b)^2", "w=2,b=2"));
    }

    @Override
    public Ran run(Settings s) throws IOException {
        Result r = compute();
        boolean zh = s.figuresInChinese();
        int n = 199;
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = (i + 1) / (double) (n + 1);
        }
        Tensor at = Tensor.of(a, n);
        double[] positive = at.log().neg().toDoubleArray();
        double[] negative = at.rsub(1).log().neg().toDoubleArray();
        Path curves = s.out().resolve("losses-cross-entropy.png");
        Messages m = Messages.of(zh);
        LineChart.of(m.get("lesson.losses.title.curves"), m.get("lesson.losses.prediction_a"),
                m.get("lesson.losses.loss"),
                Series.of("y = 1: −log(a)", a, positive), Series.of("y = 0: −log(1 − a)", a, negative)).save(curves);
        double[] epochs = new double[EPOCHS + 1];
        for (int i = 0; i <= EPOCHS; i++) {
            epochs[i] = i;
        }
        Path slowdown = s.out().resolve("losses-slowdown.png");
        LineChart.of(m.get("lesson.losses.title.slowdown"), m.get("table.epoch"), m.get("lesson.losses.output_a"),
                Series.of(m.get("lesson.losses.quadratic_cost"), epochs, r.quadratic().outputs()),
                Series.of(m.get("lesson.losses.cross_entropy"), epochs, r.crossEntropy().outputs())).save(slowdown);
        return new Ran(r, List.of(curves, slowdown));
    }
}
