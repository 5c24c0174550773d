package dev.descent.cli.lesson;

import dev.descent.minimize.Descender;
import dev.descent.minimize.Trace;
import dev.descent.minimize.Objective;
import dev.descent.minimize.Method;
import dev.descent.minimize.Until;
import static dev.descent.cli.lesson.Text.f;

import dev.descent.expr.Expression;
import dev.descent.plot.CurveWithSteps;
import dev.descent.plot.Mark;
import dev.descent.plot.Series;
import dev.descent.tensor.Rng;
import dev.descent.text.Messages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Seeds 003/004 on local minima: gradient descent ends in the minimum whose valley it starts in. Himmelblau's
 * function has four minima (all with f = 0); many seeded starts show which valley each falls into. A 1-D quartic has
 * a global and a local minimum, and descent from the wrong side stops in the local one.
 */
public final class LocalMinimaLesson implements Lesson {
    static final String HIMMELBLAU = "(x^2+y-11)^2+(x+y^2-7)^2";
    static final String QUARTIC = "x^4-3*x^2+x";
    /** Himmelblau's four minima (Himmelblau, 1972), to six decimals. */
    static final double[][] MINIMA = {{3, 2}, {-2.805118, 3.131312}, {-3.779310, -3.283186}, {3.584428, -1.848126}};
    static final int STARTS = 24;
    static final double RATE = 0.01;
    static final int STEPS = 2000;
    static final double[] QUARTIC_STARTS = {-2, -1, -0.5, 0, 0.1, 0.2, 0.5, 1, 2};
    static final double QUARTIC_RATE = 0.01;

    /** One descent on Himmelblau's function: where it started, ended, and which minimum (index, −1 for none). */
    public record Landing(Trace trace, int minimum) {
    }

    /** Every descent, on both functions. */
    public record Result(List<Landing> himmelblau, List<Trace> quartic) implements Report {
        /** How many starts reached each of the four minima. */
        public int[] counts() {
            int[] c = new int[MINIMA.length];
            for (Landing l : himmelblau) {
                if (l.minimum() >= 0) {
                    c[l.minimum()]++;
                }
            }
            return c;
        }

        @Override
        public String text(boolean zh) {
            StringBuilder out = new StringBuilder();
            Messages msg = Messages.of(zh);
            out.append(msg.get("lesson.local_minima.himmelblau")).append('\n');
            out.append(msg.get("lesson.local_minima.starts", Integer.toString(STARTS), Text.g(RATE),
                    Integer.toString(STEPS))).append('\n');
            out.append(landings(msg));
            out.append(msg.get("lesson.local_minima.reached")).append(reached()).append(System.lineSeparator());
            out.append(msg.get("lesson.local_minima.valleys")).append("\n\n");
            out.append(msg.get("lesson.local_minima.quartic")).append('\n');
            out.append(quartic(msg));
            return out.toString();
        }

        Text.Table landings(Messages msg) {
            Text.Table table = new Text.Table(msg.get("landscape.mark.start"), msg.get("lesson.local_minima.end"), "f",
                    msg.get("lesson.optimizers.steps"), msg.get("lesson.local_minima.minimum_point"));
            for (Landing l : himmelblau) {
                double[] s = l.trace().points().get(0).at();
                double[] e = l.trace().last().at();
                table.row(f("(%6.3f, %6.3f)", s[0], s[1]), f("(%9.6f, %9.6f)", e[0], e[1]),
                        f("%.1e", l.trace().last().value()), l.trace().steps(),
                        l.minimum() < 0 ? msg.get("lesson.local_minima.none") : minimumName(l.minimum()));
            }
            return table;
        }

        String reached() {
            int[] c = counts();
            return f("A(3, 2) %d, B(-2.81, 3.13) %d, C(-3.78, -3.28) %d, D(3.58, -1.85) %d", c[0], c[1], c[2], c[3]);
        }

        Text.Table quartic(Messages msg) {
            Text.Table q = new Text.Table("x₀", msg.get("lesson.local_minima.end_x"), "f(x)",
                    msg.get("lesson.local_minima.minimum"));
            for (Trace tr : quartic) {
                double end = tr.last().at()[0];
                q.row(Text.g(tr.points().get(0).at()[0]), f("%.6f", end), f("%.6f", tr.last().value()),
                        end < 0 ? msg.get("lesson.local_minima.global") : msg.get("lesson.local_minima.local"));
            }
            return q;
        }

        static String minimumName(int i) {
            return String.valueOf((char) ('A' + i));
        }

        @Override
        public Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("lesson", "local-minima");
            List<Object> list = new ArrayList<>();
            for (Landing l : himmelblau) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("start", l.trace().points().get(0).at());
                row.put("end", l.trace().last().at());
                row.put("value", l.trace().last().value());
                row.put("steps", l.trace().steps());
                row.put("minimum", l.minimum() < 0 ? null : minimumName(l.minimum()));
                list.add(row);
            }
            m.put("himmelblau", list);
            m.put("counts", counts());
            List<Object> qs = new ArrayList<>();
            for (Trace tr : quartic) {
                qs.add(Map.of("start", tr.points().get(0).at()[0], "end", tr.last().at()[0]));
            }
            m.put("quartic", qs);
            return m;
        }
    }

    @Override
    public String name() {
        return "local-minima";
    }

    @Override
    public String seeds() {
        return "003/004";
    }

    @Override
    public String summary(boolean zh) {
        return Messages.of(zh).get("lesson.local_minima.summary");
    }

    /** All descents; the starts are drawn from {@code seed}. */
    public static Result compute(long seed) {
        return compute(seed, List.of());
    }

    /** The seeded starts and then {@code more} starts of the reader's. */
    static Result compute(long seed, List<double[]> more) {
        Objective h = Objective.of(Expression.parse(HIMMELBLAU));
        Rng rng = Rng.of(seed);
        Until flat = new Until(Until.Kind.GRADIENT, 1e-6);
        List<double[]> starts = new ArrayList<>();
        for (int i = 0; i < STARTS; i++) {
            starts.add(new double[] {rng.uniform(-5, 5), rng.uniform(-5, 5)});
        }
        starts.addAll(more);
        List<Landing> landings = new ArrayList<>();
        for (double[] start : starts) {
            Trace trace = Descender.run(h, start, Method.GD, RATE, STEPS, flat);
            landings.add(new Landing(trace, nearest(trace.last().at())));
        }
        Objective q = Objective.of(Expression.parse(QUARTIC));
        List<Trace> quartic = new ArrayList<>();
        for (double x0 : QUARTIC_STARTS) {
            quartic.add(Descender.run(q, new double[] {x0}, Method.GD, QUARTIC_RATE, STEPS, flat));
        }
        return new Result(landings, quartic);
    }

    private static int nearest(double[] p) {
        for (int i = 0; i < MINIMA.length; i++) {
            if (Math.hypot(p[0] - MINIMA[i][0], p[1] - MINIMA[i][1]) < 1e-3) {
                return i;
            }
        }
        return -1;
    }

    /** Most starts a reader may add by clicking. */
    static final int MAX_ADDED = 40;

    @Override
    public Page page(Query q, Messages m) {
        long seed = (long) q.number("seed", 42, 0, Integer.MAX_VALUE);
        String text = q.text("starts", "");
        List<double[]> more = new ArrayList<>();
        if (!text.isBlank()) {
            String[] points = text.split(";");
            if (points.length > MAX_ADDED) {
                throw new IllegalArgumentException("starts takes at most " + MAX_ADDED + " points, was "
                        + points.length);
            }
            for (String point : points) {
                String[] xy = point.split(",");
                if (xy.length != 2) {
                    throw new IllegalArgumentException("starts must be points x,y separated by ';', was '" + point
                            + "'");
                }
                Query one = Query.of(Map.of("starts", xy[0]));
                Query two = Query.of(Map.of("starts", xy[1]));
                more.add(new double[] {one.number("starts", 0, -6, 6), two.number("starts", 0, -6, 6)});
            }
        }
        Result r = compute(seed, more);
        Map<String, Object> numbers = new LinkedHashMap<>(r.json());
        List<Object> paths = new ArrayList<>();
        for (Landing l : r.himmelblau()) {
            List<Trace.Point> points = l.trace().points();
            int every = Math.max(1, points.size() / 150);
            List<double[]> path = new ArrayList<>();
            for (int i = 0; i < points.size(); i += every) {
                path.add(points.get(i).at());
            }
            path.add(l.trace().last().at());
            paths.add(Map.of("points", path, "minimum", l.minimum()));
        }
        numbers.put("paths", paths);
        numbers.put("minima", List.of(MINIMA));
        numbers.put("grid", grid(r.himmelblau().get(0).trace().objective()));
        double[] last = r.himmelblau().get(r.himmelblau().size() - 1).trace().points().get(0).at();
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("starts", text);
        inputs.put("seed", seed);
        return new Page(inputs, List.of(
                Page.Step.of("himmelblau", m.get("web.lessons.local_minima.himmelblau"),
                                m.get("lesson.local_minima.himmelblau") + " " + m.get("lesson.local_minima.starts",
                                        Integer.toString(STARTS), Text.g(RATE), Integer.toString(STEPS)))
                        .table(r.landings(m)).line(m.get("lesson.local_minima.reached") + r.reached())
                        .line(m.get("lesson.local_minima.valleys")),
                Page.Step.of("quartic", m.get("web.lessons.local_minima.quartic"),
                        m.get("lesson.local_minima.quartic")).table(r.quartic(m))),
                numbers, Page.lab(HIMMELBLAU, f("x=%s,y=%s", Text.g(last[0]), Text.g(last[1])), RATE, STEPS, "gd"));
    }

    /** log(1 + f) on an 81×81 grid over [-5.5, 5.5]², row by row from y = -5.5, for the page's contour. */
    private static Map<String, Object> grid(Objective h) {
        int n = 81;
        double[] values = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                values[j * n + i] = Math.log1p(h.value(-5.5 + 11.0 * i / (n - 1), -5.5 + 11.0 * j / (n - 1)));
            }
        }
        return Map.of("size", n, "min", -5.5, "max", 5.5, "values", values);
    }

    @Override
    public Ran run(Settings s) throws IOException {
        Result r = compute(s.seed());
        boolean zh = s.figuresInChinese();
        // One series per minimum, its paths joined by NaN gaps, so the legend says where each colour ends.
        List<Series> paths = new ArrayList<>();
        for (int m = -1; m < MINIMA.length; m++) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (Landing l : r.himmelblau()) {
                if (l.minimum() != m) {
                    continue;
                }
                for (Trace.Point p : l.trace().points()) {
                    xs.add(p.at()[0]);
                    ys.add(p.at()[1]);
                }
                xs.add(Double.NaN);
                ys.add(Double.NaN);
            }
            if (!xs.isEmpty()) {
                String label = m < 0 ? Messages.of(zh).get("lesson.local_minima.no_minimum")
                        : Messages.of(zh).get("lesson.local_minima.to", Result.minimumName(m));
                paths.add(Series.of(label, xs.stream().mapToDouble(Double::doubleValue).toArray(),
                        ys.stream().mapToDouble(Double::doubleValue).toArray()));
            }
        }
        Mark[] marks = new Mark[MINIMA.length];
        for (int i = 0; i < MINIMA.length; i++) {
            marks[i] = Mark.of(Result.minimumName(i), MINIMA[i][0], MINIMA[i][1]);
        }
        Objective h = r.himmelblau().get(0).trace().objective();
        Path contour = s.out().resolve("local-minima.png");
        Figures.contour(Messages.of(zh).get("lesson.local_minima.title", Integer.toString(STARTS)),
                        dev.descent.plot.Grid.sample((x, y) -> h.value(x, y), -5.5, 5.5, -5.5, 5.5, 161))
                .withPaths(paths).withMarks(marks).save(contour);
        Trace trapped = r.quartic().get(r.quartic().size() - 1);
        double[] shown = trapped.coordinate(0);
        Path quartic = s.out().resolve("local-minima-quartic.png");
        CurveWithSteps.of(Messages.of(zh).get("lesson.local_minima.trapped"),
                x -> x * x * x * x - 3 * x * x + x, shown).withLabels("x", "f(x) = x⁴ − 3x² + x").save(quartic);
        return new Ran(r, List.of(contour, quartic));
    }
}
