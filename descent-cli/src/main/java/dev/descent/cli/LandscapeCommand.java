package dev.descent.cli;

import dev.descent.minimize.Descender;
import dev.descent.cli.lesson.Figures;
import dev.descent.cli.lesson.Lessons;
import dev.descent.cli.lesson.LineFit;
import dev.descent.minimize.Method;
import dev.descent.minimize.Objective;
import dev.descent.minimize.Points;
import dev.descent.cli.lesson.Text;
import dev.descent.minimize.Trace;
import dev.descent.expr.Expression;
import dev.descent.expr.ExpressionException;
import dev.descent.plot.Grid;
import dev.descent.plot.Mark;
import dev.descent.plot.Series;
import dev.descent.plot.SurfaceChart;
import dev.descent.text.Messages;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code descent landscape [EXPR]}: several optimizers on one two-parameter problem, their paths drawn on the loss
 * contours and on the 3-D surface, and a table of where each ended. The default problem is a line fit (w, b) on a
 * seeded noisy line, whose true minimum is known in closed form.
 */
@Command(name = "landscape", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compare optimizers on a 2-parameter loss: contour and 3-D surface with their paths.",
            "Without EXPR: mean squared error of y = w*x + b on a seeded noisy line y = 2x + 3."},
        footer = {"", "Examples:", "  descent landscape",
            "  descent landscape --optimizers sgd,adam --steps 300 --out figs",
            "  descent landscape \"(x^2+y-11)^2+(x+y^2-7)^2\" --start x=0,y=0 --lr 0.01"})
public final class LandscapeCommand implements Callable<Integer> {
    static final double TOLERANCE = 1e-3;

    @Mixin
    CommonOptions common;

    @Parameters(index = "0", arity = "0..1", paramLabel = "EXPR",
            description = "A function of two variables (default: the line-fit loss over w, b).")
    String expression;

    @Option(names = "--optimizers", defaultValue = "sgd,momentum,nesterov,rmsprop,adam", paramLabel = "LIST",
            completionCandidates = Choices.MethodNames.class,
            description = "Optimizers to compare, any of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    String optimizers;

    @Option(names = "--start", paramLabel = "w=V,b=V", description = "Starting point (default for the line fit: w=-2,b=-1).")
    String start;

    @Option(names = "--steps", defaultValue = "100", paramLabel = "N",
            description = "Steps per optimizer (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--lr", paramLabel = "RATE",
            completionCandidates = DefaultRates.class,
            description = "One learning rate for all (default: per optimizer, ${COMPLETION-CANDIDATES}).")
    Double learningRate;

    @Option(names = "--out", defaultValue = "landscape", paramLabel = "DIR",
            description = "Where the figures go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Spec
    CommandSpec spec;

    /** {@code --lr}'s help: each optimizer with its {@link #defaultRate}, "gd 0.2", "momentum 0.05", …. */
    static final class DefaultRates implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(Method.values()).map(m -> m.key() + " " + Numbers.compact(defaultRate(m)))
                    .iterator();
        }
    }

    /** The learning rate each optimizer gets without --lr: chosen so all reach the default problem's minimum. */
    static double defaultRate(Method m) {
        return switch (m) {
            case GD -> 0.2;
            case MOMENTUM, NESTEROV, RMSPROP -> 0.05;
            case ADAM -> 0.1;
            case ADAGRAD -> 0.5;
            case NEWTON -> 1.0;
        };
    }

    @Override
    public Integer call() throws IOException {
        common.apply();
        boolean zh = common.chinese();
        Objective objective;
        double[] best = null;
        try {
            if (expression == null) {
                LineFit fit = LineFit.generated(common.seed());
                objective = fit;
                best = fit.leastSquares();
            } else {
                Expression expr = Expression.parse(expression);
                if (expr.variables().size() != 2) {
                    throw new UsageException("landscape needs a function of 2 variables; " + expr.source().strip()
                            + " has " + expr.variables().size() + " " + expr.variables());
                }
                objective = Objective.of(expr);
            }
        } catch (ExpressionException e) {
            throw new UsageException(e.getMessage());
        }
        List<String> vars = objective.variables();
        double[] from;
        List<Method> methods = new ArrayList<>();
        try {
            String startText = start != null ? start : vars.equals(List.of("b", "w")) || vars.equals(List.of("w", "b"))
                    ? "w=-2,b=-1" : null;
            if (startText == null) {
                throw new IllegalArgumentException("--start is needed for " + String.join(", ", vars)
                        + " (e.g. --start " + vars.get(0) + "=0," + vars.get(1) + "=0)");
            }
            from = Points.parse("--start", startText, vars);
            for (String name : optimizers.split(",")) {
                if (!name.isBlank()) {
                    Method m = Method.parse(name);
                    if (!methods.contains(m)) {
                        methods.add(m);
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (methods.isEmpty()) {
            throw new UsageException("--optimizers must name at least one optimizer");
        }
        if (steps < 1) {
            throw new UsageException("--steps must be >= 1, was " + steps);
        }
        if (learningRate != null && (!(learningRate > 0) || !Double.isFinite(learningRate))) {
            throw new UsageException("--lr must be a finite number > 0, was " + learningRate);
        }
        List<Trace> traces = new ArrayList<>();
        for (Method m : methods) {
            traces.add(Descender.run(objective, from, m, learningRate != null ? learningRate : defaultRate(m), steps,
                    null));
        }
        double minimum;
        if (best != null) {
            minimum = objective.value(best);
        } else {
            minimum = Double.POSITIVE_INFINITY;
            for (Trace t : traces) {
                for (double v : t.values()) {
                    if (Double.isFinite(v)) {
                        minimum = Math.min(minimum, v);
                    }
                }
            }
        }
        List<Path> figures = List.of();
        String plotProblem = null;
        try {
            figures = draw(objective, traces, from, best, zh && Text.canDrawChinese());
        } catch (IOException e) {
            // the table is printed first; the figures that could not be written are reported after it
            plotProblem = Main.message(e);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        if (common.json()) {
            stdout.println(Lessons.toJson(json(objective, traces, best, minimum, figures)));
        } else {
            print(stdout, objective, traces, from, best, minimum, figures, zh);
        }
        stdout.flush();
        if (plotProblem != null) {
            throw new IOException(plotProblem);
        }
        return 0;
    }

    private List<Path> draw(Objective objective, List<Trace> traces, double[] from, double[] best, boolean zh)
            throws IOException {
        List<Series> paths = new ArrayList<>();
        for (Trace t : traces) {
            paths.add(finitePath(t));
        }
        List<String> vars = objective.variables();
        // With a known minimum, centre the picture on it (the start mirrored through it), so its contours close.
        double[] extra = best == null ? from
                : new double[] {from[0], from[1], best[0], best[1], 2 * best[0] - from[0], 2 * best[1] - from[1]};
        Grid grid = Figures.gridAround(objective, best != null, paths, extra);
        Messages m = Messages.of(zh);
        List<Mark> marks = new ArrayList<>();
        marks.add(Mark.of(m.get("landscape.mark.start"), from[0], from[1]));
        if (best != null) {
            marks.add(Mark.of(m.get("landscape.mark.minimum"), best[0], best[1]));
        }
        String what = best != null ? m.get("landscape.line_fit") : objective.describe();
        Path contour = out.resolve("landscape-contour.png");
        Figures.contour(m.get("landscape.chart.paths", what, Integer.toString(traces.get(0).steps())), grid)
                .withLabels(vars.get(0), vars.get(1)).withPaths(paths).withMarks(marks.toArray(Mark[]::new))
                .save(contour);
        Path surface = out.resolve("landscape-surface.png");
        SurfaceChart.of(m.get("landscape.chart.surface", what), grid)
                .withLabels(vars.get(0), vars.get(1), best != null ? "J" : "f").withPaths(paths.toArray(Series[]::new))
                .save(surface);
        return List.of(contour, surface);
    }

    private static Series finitePath(Trace t) {
        List<double[]> pts = new ArrayList<>();
        for (Trace.Point p : t.points()) {
            if (Double.isFinite(p.at()[0]) && Double.isFinite(p.at()[1]) && Double.isFinite(p.value())) {
                pts.add(p.at());
            }
        }
        double[] xs = new double[pts.size()];
        double[] ys = new double[pts.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = pts.get(i)[0];
            ys[i] = pts.get(i)[1];
        }
        return Series.of(t.method().key() + " (lr " + g(t.learningRate()) + ")", xs, ys);
    }

    private void print(PrintWriter out, Objective objective, List<Trace> traces, double[] from, double[] best,
                       double minimum, List<Path> figures, boolean zh) {
        Messages m = Messages.of(zh);
        List<String> vars = objective.variables();
        out.println(m.get("landscape.problem", objective.describe(m)));
        out.println(m.get("landscape.start", Points.show(vars, from), Integer.toString(traces.get(0).steps())));
        if (best != null) {
            out.println(m.get("landscape.true_minimum", Points.show(vars, best), g(minimum)));
        } else {
            out.println(m.get("landscape.lowest", g(minimum)));
        }
        String[] head = {m.get("landscape.column.optimizer"), m.get("landscape.column.lr"), vars.get(0), vars.get(1),
            m.get("landscape.column.final"), m.get("landscape.column.within"), m.get("landscape.column.outcome")};
        List<String[]> rows = new ArrayList<>();
        rows.add(head);
        for (Trace t : traces) {
            double[] end = t.last().at();
            int within = t.firstWithin(minimum, TOLERANCE);
            rows.add(new String[] {t.method().key(), g(t.learningRate()), g(end[0]), g(end[1]), g(t.last().value()),
                within < 0 ? m.get("landscape.never") : Integer.toString(within),
                t.stop() == Trace.Stop.COMPLETED ? m.get("landscape.completed") : t.explain(m)});
        }
        int[] width = new int[head.length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length - 1; i++) {
                width[i] = Math.max(width[i], display(r[i]));
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder(" ");
            for (int i = 0; i < r.length - 1; i++) {
                String cell = r[i];
                line.append(i == 0 ? " " + cell + " ".repeat(width[i] - display(cell))
                        : " ".repeat(width[i] - display(cell) + 2) + cell);
            }
            line.append("  ").append(r[r.length - 1]);
            out.println(line);
        }
        for (Path p : figures) {
            out.println(m.get("figure", p.toString()));
        }
    }

    private Map<String, Object> json(Objective objective, List<Trace> traces, double[] best, double minimum,
                                     List<Path> figures) {
        List<String> vars = objective.variables();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("problem", objective.describe());
        m.put("variables", vars);
        if (best != null) {
            m.put("leastSquares", Map.of(vars.get(0), best[0], vars.get(1), best[1]));
        }
        m.put("minimum", minimum);
        List<Object> list = new ArrayList<>();
        for (Trace t : traces) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("optimizer", t.method().key());
            row.put("learningRate", t.learningRate());
            row.put(vars.get(0), t.last().at()[0]);
            row.put(vars.get(1), t.last().at()[1]);
            row.put("loss", t.last().value());
            int within = t.firstWithin(minimum, TOLERANCE);
            row.put("stepsToWithin", within < 0 ? null : within);
            row.put("stop", t.stop().name().toLowerCase(Locale.ROOT));
            row.put("path", Map.of(vars.get(0), t.coordinate(0), vars.get(1), t.coordinate(1)));
            list.add(row);
        }
        m.put("optimizers", list);
        List<String> files = new ArrayList<>();
        for (Path p : figures) {
            files.add(p.toString());
        }
        m.put("figures", files);
        return m;
    }

    private static int display(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            w += c >= 0x2E80 && c <= 0x9FFF ? 2 : 1;
        }
        return w;
    }

    private static String g(double v) {
        return Text.g(v);
    }
}
