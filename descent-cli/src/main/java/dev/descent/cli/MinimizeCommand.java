package dev.descent.cli;

import dev.descent.minimize.Descender;
import dev.descent.cli.lesson.Figures;
import dev.descent.minimize.Method;
import dev.descent.minimize.Objective;
import dev.descent.minimize.Points;
import dev.descent.cli.lesson.Text;
import dev.descent.minimize.Trace;
import dev.descent.minimize.Until;
import dev.descent.expr.Expression;
import dev.descent.expr.ExpressionException;
import dev.descent.plot.CurveWithSteps;
import dev.descent.plot.Mark;
import dev.descent.plot.Series;
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
 * {@code descent minimize EXPR}: gradient descent (or another optimizer) on an expression, printing the trace the
 * tutorials print — step, x, f(x), gradient — and why it stopped; {@code --plot} draws the steps.
 */
@Command(name = "minimize", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Minimize an expression by gradient descent, printing every step.",
        footer = {"", "Examples:", "  descent minimize \"x^2+5\" --start x=7000 --lr 0.1 --steps 100",
            "  descent minimize \"x^2\" --start x=1.2 --lr 0.3 --until \"f<1e-3\" --plot steps.png",
            "  descent minimize \"(x^2+y-11)^2+(x+y^2-7)^2\" --start x=0,y=0 --lr 0.01 --steps 500 --every 50 "
                + "--plot path.svg",
            "", "Functions: sqrt exp log ln abs sin cos tan tanh sigmoid relu softplus max min; ^ or ** for powers."})
public final class MinimizeCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "EXPR", description = "The function, e.g. \"x^2+5\".")
    String expression;

    @Option(names = "--start", paramLabel = "x=V[,y=V]",
            description = "Starting point, one value per variable (default: 0 for each).")
    String start;

    @Option(names = "--lr", defaultValue = "0.1", paramLabel = "RATE",
            description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--steps", defaultValue = "100", paramLabel = "N",
            description = "Most updates to make (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--optimizer", defaultValue = "gd", paramLabel = "NAME", converter = Choices.MethodConverter.class,
            completionCandidates = Choices.MethodNames.class,
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; sgd is gd here).")
    Method optimizer;

    @Option(names = "--until", paramLabel = "RULE", description = "Stop early: \"f<1e-3\", \"grad<1e-6\" or "
            + "\"step<1e-9\".")
    String until;

    @Option(names = "--plot", paramLabel = "FILE", description = "Draw the steps (PNG or SVG): the curve for one "
            + "variable, contours with the path for two.")
    Path plot;

    @Option(names = "--every", defaultValue = "1", paramLabel = "N",
            description = "Print every N-th step (the first and last always) (default: ${DEFAULT-VALUE}).")
    int every;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        common.apply();
        Expression expr;
        try {
            expr = Expression.parse(expression);
        } catch (ExpressionException e) {
            throw new UsageException(e.getMessage());
        }
        Method method = optimizer;
        Until rule;
        double[] at;
        try {
            rule = until == null ? null : Until.parse(until);
            at = start == null ? new double[expr.variables().size()]
                    : Points.parse("--start", start, expr.variables());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (steps < 0) {
            throw new UsageException("--steps must be >= 0, was " + steps);
        }
        if (every < 1) {
            throw new UsageException("--every must be >= 1, was " + every);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new UsageException("--lr must be a finite number > 0, was " + learningRate);
        }
        if (plot != null && (expr.variables().isEmpty() || expr.variables().size() > 2)) {
            throw new UsageException("--plot draws functions of 1 or 2 variables; this one has "
                    + expr.variables().size());
        }
        Objective objective = Objective.of(expr);
        Trace trace = Descender.run(objective, at, method, learningRate, steps, rule);
        String plotProblem = null;
        if (plot != null) {
            try {
                draw(trace, expr);
            } catch (IOException e) {
                // the steps are printed first (without naming the figure); the figure not written is reported after
                plotProblem = Main.message(e);
                plot = null;
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) {
            out.println(dev.descent.cli.lesson.Lessons.toJson(json(trace, expr)));
        } else {
            print(out, trace, expr, common.messages());
        }
        out.flush();
        if (plotProblem != null) {
            throw new IOException(plotProblem);
        }
        return 0;
    }

    private void print(PrintWriter out, Trace trace, Expression expr, Messages m) {
        List<String> vars = expr.variables();
        String start = Points.show(vars, trace.points().get(0).at());
        out.println(m.get("minimize.header", expr.source().strip(), m.get("method." + trace.method().key()),
                g(learningRate), start.isEmpty() ? m.get("minimize.no_variables") : start));
        List<String[]> rows = new ArrayList<>();
        List<String> head = new ArrayList<>();
        head.add(m.get("column.step"));
        head.addAll(vars);
        head.add("f");
        for (String v : vars) {
            head.add(m.get("column.gradient", v));
        }
        rows.add(head.toArray(String[]::new));
        int last = trace.steps();
        for (Trace.Point p : trace.points()) {
            if (p.step() % every != 0 && p.step() != last) {
                continue;
            }
            List<String> row = new ArrayList<>();
            row.add(Integer.toString(p.step()));
            for (double v : p.at()) {
                row.add(g(v));
            }
            row.add(g(p.value()));
            for (double v : p.gradient()) {
                row.add(g(v));
            }
            rows.add(row.toArray(String[]::new));
        }
        int[] width = new int[head.size()];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(" ".repeat(width[i] - r[i].length() + 2)).append(r[i]);
            }
            out.println(line);
        }
        out.println(m.get("minimize.stopped", trace.explain(m)));
        Trace.Point end = trace.last();
        out.println(m.get("minimize.end", Points.show(vars, end.at()), g(end.value()), g(end.gradientNorm())));
        if (plot != null) {
            out.println(m.get("figure", plot.toString()));
        }
    }

    private Map<String, Object> json(Trace trace, Expression expr) {
        List<String> vars = expr.variables();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("expression", expr.source().strip());
        m.put("variables", vars);
        m.put("optimizer", trace.method().key());
        m.put("learningRate", learningRate);
        List<Object> points = new ArrayList<>();
        for (Trace.Point p : trace.points()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("step", p.step());
            row.put("point", named(vars, p.at()));
            row.put("value", p.value());
            row.put("gradient", named(vars, p.gradient()));
            points.add(row);
        }
        m.put("trace", points);
        m.put("steps", trace.steps());
        m.put("stop", trace.stop().name().toLowerCase(Locale.ROOT));
        m.put("reason", trace.explain(common.messages()));
        m.put("final", Map.of("point", named(vars, trace.last().at()), "value", trace.last().value()));
        if (plot != null) {
            m.put("figure", plot.toString());
        }
        return m;
    }

    private static Map<String, Object> named(List<String> vars, double[] values) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            m.put(vars.get(i), values[i]);
        }
        return m;
    }

    private void draw(Trace trace, Expression expr) throws IOException {
        String title = "f = " + expr.source().strip() + ": " + trace.method().key() + ", lr " + g(learningRate) + ", "
                + trace.steps() + " steps";
        List<Trace.Point> finite = new ArrayList<>();
        for (Trace.Point p : trace.points()) {
            boolean ok = Double.isFinite(p.value());
            for (double v : p.at()) {
                ok &= Double.isFinite(v);
            }
            if (ok) {
                finite.add(p);
            }
        }
        if (expr.variables().size() == 1) {
            double[] xs = new double[finite.size()];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = finite.get(i).at()[0];
            }
            String x = expr.variables().get(0);
            CurveWithSteps.of(title, v -> expr.evaluate(v), xs).withLabels(x, "f(" + x + ")").save(plot);
            return;
        }
        double[] xs = new double[finite.size()];
        double[] ys = new double[finite.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = finite.get(i).at()[0];
            ys[i] = finite.get(i).at()[1];
        }
        Series path = Series.of(trace.method().label(), xs, ys);
        Objective objective = trace.objective();
        Figures.contour(title, Figures.gridAround(objective, List.of(path)))
                .withLabels(expr.variables().get(0), expr.variables().get(1)).withPaths(path)
                .withMarks(Mark.of("start", xs[0], ys[0]), Mark.of("end", xs[xs.length - 1], ys[ys.length - 1]))
                .save(plot);
    }

    private static String g(double v) {
        return Text.g(v);
    }
}
