package dev.descent.cli.lesson;


import dev.descent.tensor.Backprop;
import dev.descent.tensor.Tensor;
import dev.descent.text.Messages;
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
            Messages m = Messages.of(zh);
            out.append(m.get("lesson.neuron.setup")).append('\n');
            Text.Table table = new Text.Table(m.get("lesson.neuron.quantity"), m.get("lesson.neuron.value"));
            table.row(m.get("lesson.neuron.h"), h);
            table.row("ŷ = sigmoid(h)", output);
            table.row(m.get("lesson.neuron.error"), error);
            table.row(m.get("lesson.neuron.derivative"), outputGradient);
            table.row(m.get("lesson.neuron.delta"), errorTerm);
            table.row("Δw₁ = η·δ·x₁", deltaW[0]);
            table.row("Δw₂ = η·δ·x₂", deltaW[1]);
            out.append(table);
            out.append(m.get("lesson.neuron.update", "[" + (W[0] + deltaW[0]) + ", " + (W[1] + deltaW[1]) + "]"))
                    .append('\n');
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
        return Messages.of(zh).get("lesson.neuron.summary");
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
