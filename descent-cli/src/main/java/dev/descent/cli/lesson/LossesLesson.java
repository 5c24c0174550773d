package dev.descent.cli.lesson;

import static dev.descent.cli.lesson.Text.f;
import static dev.descent.cli.lesson.Text.t;

import dev.descent.loss.Loss;
import dev.descent.loss.Losses;
import dev.descent.optim.GradientDescent;
import dev.descent.optim.Optimizer;
import dev.descent.plot.LineChart;
import dev.descent.plot.Series;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
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
            out.append(t(zh, "labels y = [1, 1, 1]:\n", "样本标签值 y = [1, 1, 1]：\n"));
            Text.Table table = new Text.Table(t(zh, "prediction", "预测值"), t(zh, "absolute Σ|a−y|", "绝对值 Σ|a−y|"),
                    t(zh, "squared Σ(a−y)²", "均方差 Σ(a−y)²"));
            table.row("[1, 2, 3]", Text.g(absolute[0]), Text.g(squared[0]));
            table.row("[1, 3, 3]", Text.g(absolute[1]), Text.g(squared[1]));
            table.row(t(zh, "ratio", "比值"), f("%.2f", absoluteRatio()), f("%.2f", squaredRatio()));
            out.append(table);
            out.append(t(zh, "the squared error punishes the larger miss more (1.6 against 1.33).\n\n",
                    "均方差对更大的误差惩罚更重（1.6 对 1.33）。\n\n"));
            out.append(t(zh, "cross-entropy: y = 1 → loss = −log(a); y = 0 → loss = −log(1 − a) (see the figure)\n\n",
                    "交叉熵：y = 1 时 loss = −log(a)；y = 0 时 loss = −log(1 − a)（见图）\n\n"));
            out.append(t(zh, "a saturated sigmoid neuron (Nielsen, ch. 3): w = 2, b = 2, input 1, target 0, η = 0.15\n",
                    "一个饱和的 sigmoid 神经元（Nielsen 第 3 章）：w = 2，b = 2，输入 1，目标 0，η = 0.15\n"));
            Text.Table runs = new Text.Table(t(zh, "epoch", "轮"), t(zh, "a (quadratic)", "a（二次代价）"),
                    t(zh, "cost ½(a−y)²", "代价 ½(a−y)²"), t(zh, "a (cross-entropy)", "a（交叉熵）"),
                    t(zh, "cross-entropy", "交叉熵"));
            for (int e : SHOWN) {
                runs.row(e, f("%.4f", quadratic.outputs()[e]), f("%.4f", quadratic.costs()[e]),
                        f("%.4f", crossEntropy.outputs()[e]), f("%.4f", crossEntropy.costs()[e]));
            }
            out.append(runs);
            out.append(t(zh, f("the quadratic cost's gradient carries σ'(z) ≈ %.3f at the start, so it learns slowly "
                                    + "(a is still %.2f after 50 epochs); cross-entropy's gradient is a − y, "
                                    + "so it learns fastest when it is most wrong (a = %.2f after 50 epochs).%n",
                            sigmoidSlope(quadratic.outputs()[0]), quadratic.outputs()[50], crossEntropy.outputs()[50]),
                    f("二次代价的梯度里有 σ'(z) ≈ %.3f，起步学得很慢（50 轮后 a 仍是 %.2f）；"
                                    + "交叉熵的梯度是 a − y，错得越多学得越快（50 轮后 a = %.2f）。%n",
                            sigmoidSlope(quadratic.outputs()[0]), quadratic.outputs()[50],
                            crossEntropy.outputs()[50])));
            return out.toString();
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
        return t(zh, "absolute vs squared error (3 vs 5, 4 vs 8), cross-entropy curves, and MSE's learning slowdown",
                "绝对值误差与均方差（3 对 5，4 对 8）、交叉熵曲线，以及均方差的学习减速");
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
        LineChart.of(t(zh, "Cross-entropy loss against the prediction a", "交叉熵损失与预测值 a"),
                t(zh, "prediction a", "预测值 a"), t(zh, "loss", "损失"),
                Series.of("y = 1: −log(a)", a, positive), Series.of("y = 0: −log(1 − a)", a, negative)).save(curves);
        double[] epochs = new double[EPOCHS + 1];
        for (int i = 0; i <= EPOCHS; i++) {
            epochs[i] = i;
        }
        Path slowdown = s.out().resolve("losses-slowdown.png");
        LineChart.of(t(zh, "Saturated neuron (w = 2, b = 2, target 0): output a while training",
                        "饱和神经元（w = 2，b = 2，目标 0）：训练中的输出 a"),
                t(zh, "epoch", "轮"), t(zh, "output a (target 0)", "输出 a（目标 0）"),
                Series.of(t(zh, "quadratic cost ½(a−y)²", "二次代价 ½(a−y)²"), epochs, r.quadratic().outputs()),
                Series.of(t(zh, "cross-entropy", "交叉熵"), epochs, r.crossEntropy().outputs())).save(slowdown);
        return new Ran(r, List.of(curves, slowdown));
    }
}
