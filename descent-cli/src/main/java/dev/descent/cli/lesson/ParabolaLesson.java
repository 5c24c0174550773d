package dev.descent.cli.lesson;

import dev.descent.minimize.Descender;
import dev.descent.minimize.Trace;
import dev.descent.minimize.Objective;
import dev.descent.minimize.Method;
import dev.descent.minimize.Until;
import static dev.descent.cli.lesson.Text.f;

import dev.descent.expr.Expression;
import dev.descent.plot.CurveWithSteps;
import dev.descent.text.Messages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The backpropagation tutorial's parabola (docs/golden-numbers.md): J(x) = x² from x₀ = 1.2 with η = 0.3, printing
 * {@code x=…, y=…} after every step until J &lt; 1e-3 (the text says 1e-2, which would stop one line earlier).
 */
public final class ParabolaLesson implements Lesson {
    static final double START = 1.2;
    static final double RATE = 0.3;
    static final double TEXT_RULE = 1e-2;
    static final double TRACE_RULE = 1e-3;

    /** The run with the rule that reproduces the printed trace, and the run with the rule the text states. */
    public record Result(Trace trace, Trace textRule) implements Report {
        /** The printed lines, {@code x=0.480000, y=0.230400} and so on (the start is not printed). */
        public List<String> lines() {
            return lines(trace);
        }

        static List<String> lines(Trace trace) {
            List<String> out = new ArrayList<>();
            for (Trace.Point p : trace.points().subList(1, trace.points().size())) {
                out.add(f("x=%f, y=%f", p.at()[0], p.value()));
            }
            return out;
        }

        @Override
        public String text(boolean zh) {
            StringBuilder out = new StringBuilder();
            Messages m = Messages.of(zh);
            out.append(m.get("lesson.parabola.rule")).append('\n');
            for (String line : lines()) {
                out.append(line).append('\n');
            }
            out.append(m.get("lesson.parabola.stopped", Integer.toString(trace.steps()),
                    f("%f", trace.last().value()))).append('\n');
            out.append(m.get("lesson.parabola.note", Integer.toString(textRule.steps()),
                    f("%f", textRule.last().value()))).append('\n');
            return out.toString();
        }

        @Override
        public Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("lesson", "parabola");
            m.put("start", START);
            m.put("learningRate", RATE);
            m.put("lines", lines());
            List<Object> points = new ArrayList<>();
            for (Trace.Point p : trace.points().subList(1, trace.points().size())) {
                points.add(Map.of("x", p.at()[0], "y", p.value()));
            }
            m.put("points", points);
            m.put("stopRule", "J<1e-3");
            m.put("stepsWithTextRule", textRule.steps());
            return m;
        }
    }

    @Override
    public String name() {
        return "parabola";
    }

    @Override
    public String seeds() {
        return "002";
    }

    @Override
    public String summary(boolean zh) {
        return Messages.of(zh).get("lesson.parabola.summary");
    }

    /** Runs to J &lt; 1e-3 and to J &lt; 1e-2. */
    public static Result compute() {
        Objective j = Objective.of(Expression.parse("x^2"));
        Trace trace = Descender.run(j, new double[] {START}, Method.GD, RATE, 100,
                new Until(Until.Kind.VALUE, TRACE_RULE));
        Trace text = Descender.run(j, new double[] {START}, Method.GD, RATE, 100,
                new Until(Until.Kind.VALUE, TEXT_RULE));
        return new Result(trace, text);
    }

    @Override
    public Page page(Query q, Messages m) {
        double start = q.number("start", START, -1e3, 1e3);
        double rate = q.number("lr", RATE, 1e-6, 10);
        Objective j = Objective.of(Expression.parse("x^2"));
        Trace trace = Descender.run(j, new double[] {start}, Method.GD, rate, 100,
                new Until(Until.Kind.VALUE, TRACE_RULE));
        Trace text = Descender.run(j, new double[] {start}, Method.GD, rate, 100,
                new Until(Until.Kind.VALUE, TEXT_RULE));
        boolean reached = trace.stop() == Trace.Stop.REACHED;
        Page.Step printed = Page.Step.of("trace", m.get("web.lessons.parabola.trace"),
                m.get("web.lessons.parabola.trace.explain")).lines(Result.lines(trace))
                .line(reached ? m.get("lesson.parabola.stopped", Integer.toString(trace.steps()),
                        f("%f", trace.last().value())) : trace.explain(m));
        if (reached && text.stop() == Trace.Stop.REACHED) {
            printed = printed.slip(m.get("lesson.parabola.note", Integer.toString(text.steps()),
                    f("%f", text.last().value())));
        }
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("start", start);
        inputs.put("lr", rate);
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("x", trace.coordinate(0));
        numbers.put("y", trace.values());
        numbers.put("stop", trace.stop());
        numbers.put("curve", Page.curve(trace, 12));
        return new Page(inputs, List.of(
                Page.Step.of("rule", m.get("web.lessons.parabola.rule"), m.get("web.lessons.parabola.rule.explain"))
                        .line(m.get("web.lessons.parabola.rule.line", Text.g(start), Text.g(rate))),
                printed), numbers, Page.lab("x^2", "x=" + Text.g(start), rate, Math.max(1, trace.steps()), "gd"));
    }

    @Override
    public Ran run(Settings s) throws IOException {
        Result r = compute();
        Path out = s.out().resolve("parabola.png");
        CurveWithSteps.of(Messages.of(s.figuresInChinese()).get("lesson.parabola.title"), x -> x * x,
                        r.trace().coordinate(0))
                .withLabels("x", "J(x)").save(out);
        return new Ran(r, List.of(out));
    }
}
