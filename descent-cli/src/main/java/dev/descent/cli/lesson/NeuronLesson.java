package dev.descent.cli.lesson;

import static dev.descent.cli.lesson.Text.t;

import dev.descent.tensor.Backprop;
import dev.descent.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sigmoid-neuron tutorial's delta rule (docs/golden-numbers.md): one step of a sigmoid neuron,
 * x = [0.1, 0.3], y = 0.2, w = [−0.8, 0.5], η = 0.5. The derivative f'(h) and the weight change come from reverse
 * passes: Δw = −η·∂E/∂w with E = ½(y − ŷ)².
 */
public final class NeuronLesson implements Lesson {
    static final double[] X = {0.1, 0.3};
    static final double Y = 0.2;
    static final double[] W = {-0.8, 0.5};
    static final double RATE = 0.5;

    /** The step's numbers, as the tutorial's program prints them. */
    public record Result(double h, double output, double error, double outputGradient, double errorTerm,
                         double[] deltaW) implements Report {
        @Override
        public String text(boolean zh) {
            StringBuilder out = new StringBuilder();
            out.append(t(zh, "sigmoid neuron: x = [0.1, 0.3], y = 0.2, w = [-0.8, 0.5], learning rate η = 0.5\n",
                    "sigmoid 神经元：x = [0.1, 0.3]，y = 0.2，w = [-0.8, 0.5]，学习率 η = 0.5\n"));
            Text.Table table = new Text.Table(t(zh, "quantity", "量"), t(zh, "value", "值"));
            table.row(t(zh, "h = w·x (0.07 up to rounding)", "h = w·x（舍入误差内等于 0.07）"), h);
            table.row(t(zh, "ŷ = sigmoid(h)", "ŷ = sigmoid(h)"), output);
            table.row(t(zh, "error = y − ŷ", "误差 = y − ŷ"), error);
            table.row(t(zh, "f'(h) (backward through sigmoid)", "f'(h)（sigmoid 的反向传播）"), outputGradient);
            table.row(t(zh, "δ = error·f'(h)", "δ = 误差·f'(h)"), errorTerm);
            table.row("Δw₁ = η·δ·x₁", deltaW[0]);
            table.row("Δw₂ = η·δ·x₂", deltaW[1]);
            out.append(table);
            out.append(t(zh, "Δw = −η·∂E/∂w with E = ½(y − ŷ)², ∂E/∂w from one reverse pass; new w = ",
                    "Δw = −η·∂E/∂w，E = ½(y − ŷ)²，∂E/∂w 由一次反向传播求得；新的 w = "))
                    .append("[").append(W[0] + deltaW[0]).append(", ").append(W[1] + deltaW[1]).append("]\n");
            return out.toString();
        }

        @Override
        public Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("lesson", "neuron");
            m.put("h", h);
            m.put("output", output);
            m.put("error", error);
            m.put("outputGradient", outputGradient);
            m.put("errorTerm", errorTerm);
            m.put("deltaW", List.of(deltaW[0], deltaW[1]));
            return m;
        }
    }

    @Override
    public String name() {
        return "neuron";
    }

    @Override
    public String seeds() {
        return "001";
    }

    @Override
    public String summary(boolean zh) {
        return t(zh, "one delta-rule step of a sigmoid neuron: h, ŷ, error, f'(h), δ, Δw at full precision",
                "sigmoid 神经元的一步 delta 规则：h、ŷ、误差、f'(h)、δ、Δw（全精度）");
    }

    /** The step, computed by the engine in F64. */
    public static Result compute() {
        Tensor x = Tensor.of(X, 2);
        Tensor w = Tensor.of(W, 2).requiresGrad(true).named("w");
        Tensor h = w.mul(x).sum().named("h");
        Tensor out = h.sigmoid().named("ŷ");
        Tensor error = out.rsub(Y);
        double outputGradient = Backprop.gradients(out, List.of(h), false).get(0).item();
        double errorTerm = error.item() * outputGradient;
        Tensor e = error.pow(2).mul(0.5);
        Tensor dEdw = Backprop.gradients(e, List.of(w), false).get(0);
        double[] deltaW = {-RATE * dEdw.getFlat(0), -RATE * dEdw.getFlat(1)};
        return new Result(h.item(), out.item(), error.item(), outputGradient, errorTerm, deltaW);
    }

    @Override
    public Ran run(Settings s) {
        return new Ran(compute(), List.of());
    }
}
