package dev.descent.cli.lesson;

import static dev.descent.cli.lesson.Text.f;
import static dev.descent.cli.lesson.Text.t;

import dev.descent.plot.Mark;
import dev.descent.plot.Series;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The backpropagation tutorial's contour map: the mean squared error of a line fit over (w, b) is a bowl whose contours
 * are ellipses; gradient descent walks down to their centre, which is the least-squares answer.
 */
public final class ContourLesson implements Lesson {
    static final double[] START = {-1, -1};
    static final double RATE = 0.3;
    static final int STEPS = 200;

    /** The descent, the closed-form answer and the loss there. */
    public record Result(Trace trace, double[] leastSquares, double minimum) implements Report {
        @Override
        public String text(boolean zh) {
            StringBuilder out = new StringBuilder();
            out.append(t(zh, "loss J(w, b) = " + trace.objective().describe() + "\n",
                    "损失函数 J(w, b) = " + trace.objective().describe(dev.descent.text.Messages.chinese()) + "\n"));
            out.append(t(zh, f("gradient descent from (w, b) = (%s, %s), learning rate %s:%n", Text.g(START[0]),
                            Text.g(START[1]), Text.g(RATE)),
                    f("梯度下降从 (w, b) = (%s, %s) 出发，学习率 %s：%n", Text.g(START[0]), Text.g(START[1]),
                            Text.g(RATE))));
            Text.Table table = new Text.Table(t(zh, "step", "步"), "w", "b", "J(w, b)", t(zh, "|gradient|", "|梯度|"));
            for (Trace.Point p : trace.points()) {
                int k = p.step();
                if (k <= 5 || k % 20 == 0 || k == trace.steps()) {
                    table.row(k, f("%.6f", p.at()[0]), f("%.6f", p.at()[1]), f("%.6f", p.value()),
                            f("%.3e", p.gradientNorm()));
                }
            }
            out.append(table);
            out.append(trace.explain(zh)).append('\n');
            out.append(t(zh, f("closed-form least squares: w = %.6f, b = %.6f, J = %.6f (the centre of the "
                                    + "ellipses)%n", leastSquares[0], leastSquares[1], minimum),
                    f("最小二乘闭式解：w = %.6f，b = %.6f，J = %.6f（椭圆的圆心）%n", leastSquares[0], leastSquares[1],
                            minimum)));
            double[] end = trace.last().at();
            out.append(t(zh, f("gradient descent ended %.2e away from it.%n", Math.hypot(end[0] - leastSquares[0],
                            end[1] - leastSquares[1])),
                    f("梯度下降的终点与它相距 %.2e。%n", Math.hypot(end[0] - leastSquares[0],
                            end[1] - leastSquares[1]))));
            return out.toString();
        }

        @Override
        public Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("lesson", "contour");
            m.put("w", trace.coordinate(0));
            m.put("b", trace.coordinate(1));
            m.put("loss", trace.values());
            m.put("leastSquares", Map.of("w", leastSquares[0], "b", leastSquares[1]));
            m.put("minimum", minimum);
            return m;
        }
    }

    @Override
    public String name() {
        return "contour";
    }

    @Override
    public String seeds() {
        return "002";
    }

    @Override
    public String summary(boolean zh) {
        return t(zh, "the line-fit loss over (w, b) as contours, gradient descent's path to the centre, least squares",
                "线性回归损失在 (w, b) 上的等高线、梯度下降走向圆心的路径、最小二乘解");
    }

    /** The descent on the default noisy line of {@code seed}. */
    public static Result compute(long seed) {
        LineFit fit = LineFit.generated(seed);
        Trace trace = Descender.run(fit, START, Method.GD, RATE, STEPS, new Until(Until.Kind.STEP, 1e-7));
        double[] best = fit.leastSquares();
        return new Result(trace, best, fit.value(best));
    }

    @Override
    public Ran run(Settings s) throws IOException {
        Result r = compute(s.seed());
        Series path = Figures.path(t(s.figuresInChinese(), "gradient descent", "梯度下降"), r.trace());
        Path out = s.out().resolve("contour.png");
        Figures.contour(t(s.figuresInChinese(), "Line-fit loss J(w, b) and gradient descent's path",
                                "线性回归损失 J(w, b) 与梯度下降的路径"),
                        Figures.gridAround(r.trace().objective(), true, List.of(path), 2 * r.leastSquares()[0] - START[0],
                                2 * r.leastSquares()[1] - START[1]))
                .withLabels("w", "b").withPaths(path)
                .withMarks(Mark.of(t(s.figuresInChinese(), "least squares", "最小二乘"), r.leastSquares()[0],
                        r.leastSquares()[1]), Mark.of(t(s.figuresInChinese(), "start", "起点"), START[0], START[1]))
                .save(out);
        return new Ran(r, List.of(out));
    }
}
