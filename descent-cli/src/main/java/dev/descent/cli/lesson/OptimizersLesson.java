package dev.descent.cli.lesson;

import static dev.descent.cli.lesson.Text.f;
import static dev.descent.cli.lesson.Text.t;

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
            out.append(t(zh, "one line fit, three methods (gradient descent and Newton from (w, b) = (-1, -1), "
                            + "until a step is shorter than 1e-10):\n",
                    "同一个线性回归，三种方法（梯度下降和牛顿法从 (w, b) = (-1, -1) 出发，直到步长小于 1e-10）：\n"));
            Text.Table table = new Text.Table(t(zh, "method", "方法"), t(zh, "steps", "步数"),
                    t(zh, "time", "时间"), "w", "b", "J(w, b)");
            for (Answer a : answers) {
                table.row(display(a.method(), zh), a.steps(), f("%.2f ms", a.seconds() * 1e3), f("%.9f", a.w()),
                        f("%.9f", a.b()), f("%.9f", a.loss()));
            }
            out.append(table);
            out.append(t(zh, "Newton's method divides the gradient by the curvature (the Hessian); for a quadratic "
                            + "loss its first step lands on the least-squares answer, and the next step only "
                            + "confirms it. Gradient descent needs many small steps; the closed form needs none but "
                            + "exists only for problems like this one.\n",
                    "牛顿法用曲率（Hessian 矩阵）去除梯度；对二次损失函数，它的第一步就落在最小二乘解上，"
                            + "第二步只是确认。梯度下降需要许多小步；闭式解一步都不需要，但只有这类问题才有。\n"));
            return out.toString();
        }

        private static String display(String method, boolean zh) {
            return switch (method) {
                case "gd" -> t(zh, "gradient descent (η = 0.5)", "梯度下降（η = 0.5）");
                case "newton" -> t(zh, "Newton's method", "牛顿法");
                default -> t(zh, "least squares (closed form)", "最小二乘（闭式解）");
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
        return t(zh, "gradient descent vs Newton's method vs closed-form least squares: steps, time, answer",
                "梯度下降、牛顿法与最小二乘闭式解的比较：步数、时间、答案");
    }

    /** The three methods on the default noisy line of {@code seed}. */
    public static Result compute(long seed) {
        LineFit fit = LineFit.generated(seed);
        Until rule = new Until(Until.Kind.STEP, STEP_RULE);
        List<Answer> answers = new ArrayList<>();
        for (Method m : new Method[] {Method.GD, Method.NEWTON}) {
            long t0 = System.nanoTime();
            Trace trace = Descender.run(fit, START, m, m == Method.GD ? GD_RATE : 1.0, MAX_STEPS, rule);
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
    public Ran run(Settings s) {
        return new Ran(compute(s.seed()), List.of());
    }
}
