package dev.descent.cli.lesson;

import dev.descent.minimize.Descender;
import dev.descent.minimize.Trace;
import dev.descent.minimize.Method;
import dev.descent.minimize.Until;
import static dev.descent.cli.lesson.Text.f;

import dev.descent.plot.Mark;
import dev.descent.plot.Series;
import dev.descent.text.Messages;
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
            Messages m = Messages.of(zh);
            out.append(m.get("lesson.contour.loss", trace.objective().describe(m))).append('\n');
            out.append(m.get("lesson.contour.start", Text.g(START[0]), Text.g(START[1]), Text.g(RATE))).append('\n');
            out.append(table(m));
            out.append(trace.explain(zh)).append('\n');
            out.append(m.get("lesson.contour.least_squares", f("%.6f", leastSquares[0]), f("%.6f", leastSquares[1]),
                    f("%.6f", minimum))).append('\n');
            double[] end = trace.last().at();
            out.append(m.get("lesson.contour.distance", f("%.2e", Math.hypot(end[0] - leastSquares[0],
                    end[1] - leastSquares[1])))).append('\n');
            return out.toString();
        }

        Text.Table table(Messages m) {
            Text.Table table = new Text.Table(m.get("column.step"), "w", "b", "J(w, b)",
                    m.get("lesson.contour.gradient_norm"));
            for (Trace.Point p : trace.points()) {
                int k = p.step();
                if (k <= 5 || k % 20 == 0 || k == trace.steps()) {
                    table.row(k, f("%.6f", p.at()[0]), f("%.6f", p.at()[1]), f("%.6f", p.value()),
                            f("%.3e", p.gradientNorm()));
                }
            }
            return table;
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
        return Messages.of(zh).get("lesson.contour.summary");
    }

    /** The descent on the default noisy line of {@code seed}. */
    public static Result compute(long seed) {
        return compute(seed, START, RATE);
    }

    /** The descent from {@code start} with {@code rate}. */
    static Result compute(long seed, double[] start, double rate) {
        LineFit fit = LineFit.generated(seed);
        Trace trace = Descender.run(fit, start, Method.GD, rate, STEPS, new Until(Until.Kind.STEP, 1e-7));
        double[] best = fit.leastSquares();
        return new Result(trace, best, fit.value(best));
    }

    @Override
    public Page page(Query q, Messages m) {
        long seed = (long) q.number("seed", 42, 0, Integer.MAX_VALUE);
        double[] start = {q.number("w", START[0], -100, 100), q.number("b", START[1], -100, 100)};
        double rate = q.number("lr", RATE, 1e-6, 10);
        Result r = compute(seed, start, rate);
        double[] end = r.trace().last().at();
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("w", start[0]);
        inputs.put("b", start[1]);
        inputs.put("lr", rate);
        inputs.put("seed", seed);
        return new Page(inputs, List.of(
                Page.Step.of("loss", m.get("web.lessons.contour.loss"), m.get("web.lessons.contour.loss.explain"))
                        .line(m.get("lesson.contour.loss", r.trace().objective().describe(m)))
                        .slip(m.get("web.lessons.contour.slip")),
                Page.Step.of("descent", m.get("web.lessons.contour.descent"),
                                m.get("lesson.contour.start", Text.g(start[0]), Text.g(start[1]), Text.g(rate)))
                        .table(r.table(m)).line(r.trace().explain(m)),
                Page.Step.of("centre", m.get("web.lessons.contour.centre"), m.get("web.lessons.contour.centre.explain"))
                        .line(m.get("lesson.contour.least_squares", f("%.6f", r.leastSquares()[0]),
                                f("%.6f", r.leastSquares()[1]), f("%.6f", r.minimum())))
                        .line(m.get("lesson.contour.distance", f("%.2e", Math.hypot(end[0] - r.leastSquares()[0],
                                end[1] - r.leastSquares()[1]))))), figure(r, start), null);
    }

    /** The --json numbers and, for the page's map, J on a grid around the path and the centre, and the path. */
    private static Map<String, Object> figure(Result r, double[] start) {
        Map<String, Object> numbers = new LinkedHashMap<>(r.json());
        double[] centre = r.leastSquares();
        double reach = 1;
        for (Trace.Point p : r.trace().points()) {
            for (int i = 0; i < 2; i++) {
                if (Double.isFinite(p.at()[i])) {
                    reach = Math.max(reach, Math.abs(p.at()[i] - centre[i]));
                }
            }
        }
        reach = Math.min(reach * 1.15, 200);
        int n = 61;
        double[] values = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                values[j * n + i] = Math.log1p(r.trace().objective().value(centre[0] - reach + 2 * reach * i / (n - 1),
                        centre[1] - reach + 2 * reach * j / (n - 1)));
            }
        }
        Map<String, Object> grid = new LinkedHashMap<>();
        grid.put("size", n);
        grid.put("xmin", centre[0] - reach);
        grid.put("xmax", centre[0] + reach);
        grid.put("ymin", centre[1] - reach);
        grid.put("ymax", centre[1] + reach);
        grid.put("values", values);
        numbers.put("grid", grid);
        List<double[]> path = new java.util.ArrayList<>();
        for (Trace.Point p : r.trace().points()) {
            path.add(p.at());
        }
        numbers.put("paths", List.of(Map.of("points", path, "minimum", 0)));
        numbers.put("marks", List.of(centre, start));
        return numbers;
    }

    @Override
    public Ran run(Settings s) throws IOException {
        Result r = compute(s.seed());
        Messages m = Messages.of(s.figuresInChinese());
        Series path = Figures.path(m.get("method.gd"), r.trace());
        Path out = s.out().resolve("contour.png");
        Figures.contour(m.get("lesson.contour.title"),
                        Figures.gridAround(r.trace().objective(), true, List.of(path), 2 * r.leastSquares()[0] - START[0],
                                2 * r.leastSquares()[1] - START[1]))
                .withLabels("w", "b").withPaths(path)
                .withMarks(Mark.of(m.get("lesson.contour.least_squares_mark"), r.leastSquares()[0],
                        r.leastSquares()[1]), Mark.of(m.get("landscape.mark.start"), START[0], START[1]))
                .save(out);
        return new Ran(r, List.of(out));
    }
}
