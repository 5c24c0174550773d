package dev.descent.cli.lesson;

import dev.descent.minimize.Descender;
import dev.descent.minimize.Trace;
import dev.descent.minimize.Method;
import dev.descent.minimize.Until;
import static dev.descent.cli.lesson.Text.f;

import dev.descent.text.Messages;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The optimization-family tutorial's methods (docs/golden-numbers.md) on one line fit: gradient descent (many cheap
 * steps), Newton's method (one step with the Hessian, exact for a quadratic loss) and the closed-form least-squares
 * solution (no steps).
 */
public final class OptimizersLesson implements Lesson {
    static final double[] START = {-1, -1};
    static final double GD_RATE = 0.5;
    static final int MAX_STEPS = 10_000;
    static final double STEP_RULE = 1e-10;

    /** One method's answer ({@code gd}, {@code newton} or {@code least-squares}), steps and wall-clock time. */
    public record Answer(String method, int steps, double seconds, double w, double b, double loss) {
    }

    /** The three answers. */
    public record Result(List<Answer> answers) implements Report {
        @Override
        public String text(boolean zh) {
            StringBuilder out = new StringBuilder();
            Messages m = Messages.of(zh);
            out.append(m.get("lesson.optimizers.intro")).append('\n');
            out.append(table(m));
            out.append(m.get("lesson.optimizers.newton")).append('\n');
            return out.toString();
        }

        Text.Table table(Messages m) {
            Text.Table table = new Text.Table(m.get("lesson.optimizers.method"), m.get("lesson.optimizers.steps"),
                    m.get("lesson.optimizers.time"), "w", "b", "J(w, b)");
            for (Answer a : answers) {
                table.row(display(a.method(), m), a.steps(), f("%.2f ms", a.seconds() * 1e3), f("%.9f", a.w()),
                        f("%.9f", a.b()), f("%.9f", a.loss()));
            }
            return table;
        }

        private static String display(String method, Messages m) {
            return switch (method) {
                case "gd" -> m.get("lesson.optimizers.gd");
                case "newton" -> m.get("lesson.optimizers.newton_method");
                case "least-squares" -> m.get("lesson.optimizers.least_squares");
                default -> m.get("method." + method);
            };
        }

        @Override
        public Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("lesson", "optimizers");
            List<Object> list = new ArrayList<>();
            for (Answer a : answers) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("method", a.method());
                row.put("steps", a.steps());
                row.put("seconds", a.seconds());
                row.put("w", a.w());
                row.put("b", a.b());
                row.put("loss", a.loss());
                list.add(row);
            }
            m.put("methods", list);
            return m;
        }
    }

    @Override
    public String name() {
        return "optimizers";
    }

    @Override
    public String seeds() {
        return "004";
    }

    @Override
    public String summary(boolean zh) {
        return Messages.of(zh).get("lesson.optimizers.summary");
    }

    /** The three methods on the default noisy line of {@code seed}. */
    public static Result compute(long seed) {
        return compute(seed, List.of(Method.GD, Method.NEWTON), GD_RATE);
    }

    /** {@code methods} (Newton at rate 1, the others at {@code rate}) and least squares. */
    static Result compute(long seed, List<Method> methods, double rate) {
        LineFit fit = LineFit.generated(seed);
        Until rule = new Until(Until.Kind.STEP, STEP_RULE);
        List<Answer> answers = new ArrayList<>();
        for (Method m : methods) {
            long t0 = System.nanoTime();
            Trace trace = Descender.run(fit, START, m, m == Method.NEWTON ? 1.0 : rate, MAX_STEPS, rule);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double[] at = trace.last().at();
            answers.add(new Answer(m.key(), trace.steps(), seconds,
                    at[0], at[1], trace.last().value()));
        }
        long t0 = System.nanoTime();
        double[] best = fit.leastSquares();
        double seconds = (System.nanoTime() - t0) / 1e9;
        answers.add(new Answer("least-squares", 0, seconds, best[0], best[1], fit.value(best)));
        return new Result(answers);
    }

    @Override
    public Page page(Query q, Messages m) {
        long seed = (long) q.number("seed", 42, 0, Integer.MAX_VALUE);
        double rate = q.number("lr", GD_RATE, 1e-6, 10);
        String text = q.text("methods", "gd,newton");
        List<Method> methods = new ArrayList<>();
        for (String name : text.split(",")) {
            Method method;
            try {
                method = Method.parse(name.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("methods: " + e.getMessage(), e);
            }
            if (!methods.contains(method)) {
                methods.add(method);
            }
        }
        Result r = compute(seed, methods, rate);
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("methods", text.replace(" ", ""));
        inputs.put("lr", rate);
        inputs.put("seed", seed);
        return new Page(inputs, List.of(
                Page.Step.of("methods", m.get("web.lessons.optimizers.methods"),
                        m.get("web.lessons.optimizers.methods.explain", Text.g(rate))).table(r.table(m))
                        .line(m.get("lesson.optimizers.newton"))), r.json(), null);
    }

    @Override
    public Ran run(Settings s) {
        return new Ran(compute(s.seed()), List.of());
    }
}
