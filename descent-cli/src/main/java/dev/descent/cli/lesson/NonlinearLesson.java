package dev.descent.cli.lesson;

import static dev.descent.cli.lesson.Text.f;
import static dev.descent.cli.lesson.Text.t;

import dev.descent.plot.CurveWithSteps;
import dev.descent.plot.Series;
import dev.descent.tensor.Backprop;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
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
            out.append(t(zh, "c = √b, b = ln a, a = x²; start x = 1.3, target c = " + Text.g(target) + "\n",
                    "c = √b，b = ln a，a = x²；起点 x = 1.3，目标 c = " + Text.g(target) + "\n"));
            out.append(t(zh, "each round: forward a, b, c; Δc = c − target; Δb = Δc / (∂c/∂b); "
                            + "Δa = Δb / (∂b/∂a); Δx = Δa / (∂a/∂x); x ← x − Δx (local derivatives by backward)\n",
                    "每一轮：正向计算 a、b、c；Δc = c − 目标；Δb = Δc / (∂c/∂b)；Δa = Δb / (∂b/∂a)；"
                            + "Δx = Δa / (∂a/∂x)；x ← x − Δx（局部导数由反向传播求得）\n"));
            Text.Table table = new Text.Table(t(zh, "round", "轮"), "x", "a", "b", "c", "Δc", "Δb", "Δa", "Δx");
            for (Round r : rounds) {
                table.row(r.round(), f("%.9f", r.x()), f("%.6f", r.a()), f("%.6f", r.b()), f("%.6f", r.c()),
                        f("%.3e", r.deltaC()), f("%.3e", r.deltaB()), f("%.3e", r.deltaA()), f("%.3e", r.deltaX()));
            }
            out.append(table);
            out.append(t(zh, f("final x = %.9f; exact x = e^(%s²/2) = %.9f (difference %.1e)%n", finalX(),
                            Text.g(target), exactX(), Math.abs(finalX() - exactX())),
                    f("最终 x = %.9f；精确解 x = e^(%s²/2) = %.9f（相差 %.1e）%n", finalX(), Text.g(target),
                            exactX(), Math.abs(finalX() - exactX()))));
            if (target == DEFAULT_TARGET) {
                out.append(t(zh, f("note: the text gets x = 9.6653 from a slip: 4.5369/2 = %.5f, not 2.26854 "
                                        + "(e^2.26854 = %.4f, e^%.5f = %.4f).%n", 4.5369 / 2, Math.exp(2.26854),
                                4.5369 / 2, Math.exp(4.5369 / 2)),
                        f("注：原文的 x = 9.6653 来自一个计算笔误：4.5369/2 = %.5f，而不是 2.26854"
                                        + "（e^2.26854 = %.4f，e^%.5f = %.4f）。%n", 4.5369 / 2, Math.exp(2.26854),
                                4.5369 / 2, Math.exp(4.5369 / 2))));
            }
            return out.toString();
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
        return t(zh, "c=√(ln x²) steered to 2.13 by sending Δc back through c, b, a to x; exact x=9.66441",
                "把 Δc 经 c、b、a 反向传回 x，使 c=√(ln x²) 达到 2.13；精确解 x=9.66441");
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
        CurveWithSteps.of(t(zh, f("c = √(ln x²): each round moves x until c = %s (x = %.4f)", Text.g(r.target()),
                                r.finalX()),
                        f("c = √(ln x²)：每一轮移动 x，直到 c = %s（x = %.4f）", Text.g(r.target()), r.finalX())),
                Series.of("c(x) = √(ln x²)", xs, cs), Series.of(t(zh, "rounds", "各轮"), rx, rc))
                .withLabels("x", "c").save(out);
        return new Ran(r, List.of(out));
    }
}
