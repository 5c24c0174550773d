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
        return compute(X, Y, W, RATE);
    }

    /** One step for inputs {@code x}, target {@code y}, weights {@code weights} and learning rate {@code rate}. */
    public static Result compute(double[] inputs, double y, double[] weights, double rate) {
        Tensor x = Tensor.of(inputs, 2);
        Tensor w = Tensor.of(weights, 2).requiresGrad(true).named("w");
        Tensor h = w.mul(x).sum().named("h");
        Tensor out = h.sigmoid().named("ŷ");
        Tensor error = out.rsub(y);
        double outputGradient = Backprop.gradients(out, List.of(h), false).get(0).item();
        double errorTerm = error.item() * outputGradient;
        Tensor e = error.pow(2).mul(0.5);
        Tensor dEdw = Backprop.gradients(e, List.of(w), false).get(0);
        double[] deltaW = {-rate * dEdw.getFlat(0), -rate * dEdw.getFlat(1)};
        return new Result(h.item(), out.item(), error.item(), outputGradient, errorTerm, deltaW);
    }

    @Override
    public Page page(Query q, Messages m) {
        double[] x = {q.number("x1", X[0], -100, 100), q.number("x2", X[1], -100, 100)};
        double y = q.number("y", Y, -100, 100);
        double[] w = {q.number("w1", W[0], -100, 100), q.number("w2", W[1], -100, 100)};
        double rate = q.number("lr", RATE, 1e-6, 100);
        Result r = compute(x, y, w, rate);
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("x1", x[0]);
        inputs.put("x2", x[1]);
        inputs.put("y", y);
        inputs.put("w1", w[0]);
        inputs.put("w2", w[1]);
        inputs.put("lr", rate);
        String quantity = m.get("lesson.neuron.quantity");
        String value = m.get("lesson.neuron.value");
        String cost = "0.5*(" + Text.g(y) + "-sigmoid(w1*" + Text.g(x[0]) + "+w2*" + Text.g(x[1]) + "))^2";
        return new Page(inputs, List.of(
                Page.Step.of("setup", m.get("web.lessons.neuron.setup"), m.get("web.lessons.neuron.setup.explain"))
                        .line(m.get("web.lessons.neuron.setup.line", Text.g(x[0]), Text.g(x[1]), Text.g(y),
                                Text.g(w[0]), Text.g(w[1]), Text.g(rate))),
                Page.Step.of("forward", m.get("web.lessons.neuron.forward"), m.get("web.lessons.neuron.forward.explain"))
                        .table(new Text.Table(quantity, value).row(m.get("lesson.neuron.h"), r.h())
                                .row("ŷ = sigmoid(h)", r.output()).row(m.get("lesson.neuron.error"), r.error())),
                Page.Step.of("backward", m.get("web.lessons.neuron.backward"),
                                m.get("web.lessons.neuron.backward.explain"))
                        .table(new Text.Table(quantity, value).row(m.get("lesson.neuron.derivative"), r.outputGradient())
                                .row(m.get("lesson.neuron.delta"), r.errorTerm())),
                Page.Step.of("update", m.get("web.lessons.neuron.update"), m.get("web.lessons.neuron.update.explain"))
                        .table(new Text.Table(quantity, value).row("Δw₁ = η·δ·x₁", r.deltaW()[0])
                                .row("Δw₂ = η·δ·x₂", r.deltaW()[1]))
                        .line(m.get("lesson.neuron.update", "[" + (w[0] + r.deltaW()[0]) + ", "
                                + (w[1] + r.deltaW()[1]) + "]"))),
                r.json(), Page.graph(cost, "w1=" + Text.g(w[0]) + ",w2=" + Text.g(w[1])));
    }

    @Override
    public Ran run(Settings s) {
        return new Ran(compute(), List.of());
    }
}
