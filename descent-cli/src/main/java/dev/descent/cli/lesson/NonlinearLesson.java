package dev.descent.cli.lesson;

import static dev.descent.cli.lesson.Text.f;

import dev.descent.plot.CurveWithSteps;
import dev.descent.plot.Series;
import dev.descent.tensor.Backprop;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import dev.descent.text.Messages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The backpropagation tutorial's nonlinear example (docs/golden-numbers.md): c = √b, b = ln a, a = x², driven to
 * c = 2.13 by sending Δc back through the chain: Δb = Δc / (∂c/∂b), Δa = Δb / (∂b/∂a), Δx = Δa / (∂a/∂x), each local
 * derivative from the engine. The exact answer is x = e^(2.13²/2) = 9.664409364…; the text's 9.6653 comes from 4.5369/2
 * written as 2.26854 (it is 2.26845).
 */
public final class NonlinearLesson implements Lesson {
    static final double START = 1.3;
    static final double DEFAULT_TARGET = 2.13;
    static final double TOLERANCE = 1e-9;
    static final int MAX_ROUNDS = 50;

    /** One round: the forward values, Δc and the deltas sent back, and the new x. */
    public record Round(int round, double x, double a, double b, double c, double deltaC, double deltaB,
                        double deltaA, double deltaX) {
    }

    /** The rounds and the exact answer. */
    public record Result(double target, List<Round> rounds) implements Report {
        /** The x the rounds ended at. */
        public double finalX() {
            return rounds.get(rounds.size() - 1).x();
        }

        /** x = e^(c²/2), from c = √(2 ln x). */
        public double exactX() {
            return Math.exp(target * target / 2);
        }

        @Override
        public String text(boolean zh) {
            StringBuilder out = new StringBuilder();
            Messages m = Messages.of(zh);
            out.append(m.get("lesson.nonlinear.setup", Text.g(target))).append('\n');
            out.append(m.get("lesson.nonlinear.round")).append('\n');
            out.append(table(m));
            out.append(finalLine(m)).append('\n');
            if (target == DEFAULT_TARGET) {
                out.append(slip(m)).append('\n');
            }
            return out.toString();
        }

        Text.Table table(Messages m) {
            Text.Table table = new Text.Table(m.get("lesson.nonlinear.column"), "x", "a", "b", "c", "Δc", "Δb", "Δa",
                    "Δx");
            for (Round r : rounds) {
                table.row(r.round(), f("%.9f", r.x()), f("%.6f", r.a()), f("%.6f", r.b()), f("%.6f", r.c()),
                        f("%.3e", r.deltaC()), f("%.3e", r.deltaB()), f("%.3e", r.deltaA()), f("%.3e", r.deltaX()));
            }
            return table;
        }

        String finalLine(Messages m) {
            return m.get("lesson.nonlinear.final", f("%.9f", finalX()), Text.g(target), f("%.9f", exactX()),
                    f("%.1e", Math.abs(finalX() - exactX())));
        }

        static String slip(Messages m) {
            return m.get("lesson.nonlinear.slip", f("%.5f", 4.5369 / 2), f("%.4f", Math.exp(2.26854)),
                    f("%.4f", Math.exp(4.5369 / 2)));
        }

        @Override
        public Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("lesson", "nonlinear");
            m.put("target", target);
            List<Object> list = new ArrayList<>();
            for (Round r : rounds) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("x", r.x());
                row.put("a", r.a());
                row.put("b", r.b());
                row.put("c", r.c());
                row.put("deltaC", r.deltaC());
                row.put("deltaX", r.deltaX());
                list.add(row);
            }
            m.put("rounds", list);
            m.put("finalX", finalX());
            m.put("exactX", exactX());
            return m;
        }
    }

    @Override
    public String name() {
        return "nonlinear";
    }

    @Override
    public String seeds() {
        return "002";
    }

    @Override
    public String summary(boolean zh) {
        return Messages.of(zh).get("lesson.nonlinear.summary");
    }

    /** Runs the rounds from x = 1.3 to c = {@code target}, until |Δc| &lt; 1e-9. */
    public static Result compute(double target) {
        if (!(target > 0) || !Double.isFinite(target)) {
            throw new IllegalArgumentException("target c must be a finite number > 0 (c = √(ln x²) ≥ 0), was "
                    + target);
        }
        double x = START;
        List<Round> rounds = new ArrayList<>();
        for (int k = 0; k <= MAX_ROUNDS; k++) {
            Tensor tx = Tensor.scalar(x, DType.F64).requiresGrad(true).named("x");
            Tensor a = tx.mul(tx).named("a");
            Tensor b = a.log().named("b");
            Tensor c = b.sqrt().named("c");
            double dcdb = Backprop.gradients(c, List.of(b), false).get(0).item();
            double dbda = Backprop.gradients(b, List.of(a), false).get(0).item();
            double dadx = Backprop.gradients(a, List.of(tx), false).get(0).item();
            double deltaC = c.item() - target;
            boolean done = Math.abs(deltaC) < TOLERANCE;
            double deltaB = deltaC / dcdb;
            double deltaA = deltaB / dbda;
            double deltaX = deltaA / dadx;
            rounds.add(new Round(k, x, a.item(), b.item(), c.item(), deltaC, done ? 0 : deltaB, done ? 0 : deltaA,
                    done ? 0 : deltaX));
            if (done) {
                return new Result(target, rounds);
            }
            x -= deltaX;
            if (!(x > 1) || !Double.isFinite(x)) {
                throw new IllegalArgumentException("x left the region x > 1 where c = √(ln x²) is defined; "
                        + "choose a target nearer to c(1.3) = 0.724");
            }
        }
        throw new IllegalArgumentException("c did not reach " + target + " within " + MAX_ROUNDS + " rounds");
    }

    @Override
    public Page page(Query q, Messages m) {
        double target = q.number("target", DEFAULT_TARGET, 1e-3, 3.5);
        Result r = compute(target);
        Page.Step answer = Page.Step.of("answer", m.get("web.lessons.nonlinear.answer"),
                m.get("web.lessons.nonlinear.answer.explain")).line(r.finalLine(m));
        if (target == DEFAULT_TARGET) {
            answer = answer.slip(Result.slip(m));
        }
        return new Page(Map.of("target", target), List.of(
                Page.Step.of("setup", m.get("web.lessons.nonlinear.setup"), m.get("web.lessons.nonlinear.setup.explain"))
                        .line(m.get("lesson.nonlinear.setup", Text.g(target))),
                Page.Step.of("rounds", m.get("web.lessons.nonlinear.rounds"),
                        m.get("lesson.nonlinear.round")).table(r.table(m)),
                answer), r.json(), Page.graph("sqrt(ln(x^2))", "x=" + Text.g(START)));
    }

    @Override
    public Ran run(Settings s) throws IOException {
        Result r = compute(s.target() == null ? DEFAULT_TARGET : s.target());
        int n = 400;
        double hi = Math.max(12, r.finalX() * 1.2);
        // c is defined for x > 1 only; a first point at x = 0 without a value widens the axis so that the
        // label of x₀ = 1.3 (drawn to its left) stays inside the chart.
        double[] xs = new double[n + 1];
        double[] cs = new double[n + 1];
        cs[0] = Double.NaN;
        for (int i = 1; i <= n; i++) {
            xs[i] = 1.02 + (hi - 1.02) * (i - 1) / (n - 1);
            cs[i] = Tensor.scalar(xs[i], DType.F64).pow(2).log().sqrt().item();
        }
        double[] rx = new double[r.rounds().size()];
        double[] rc = new double[rx.length];
        for (int i = 0; i < rx.length; i++) {
            rx[i] = r.rounds().get(i).x();
            rc[i] = r.rounds().get(i).c();
        }
        boolean zh = s.figuresInChinese();
        Path out = s.out().resolve("nonlinear.png");
        Messages m = Messages.of(zh);
        CurveWithSteps.of(m.get("lesson.nonlinear.title", Text.g(r.target()), f("%.4f", r.finalX())),
                Series.of("c(x) = √(ln x²)", xs, cs), Series.of(m.get("lesson.nonlinear.rounds"), rx, rc))
                .withLabels("x", "c").save(out);
        return new Ran(r, List.of(out));
    }
}
