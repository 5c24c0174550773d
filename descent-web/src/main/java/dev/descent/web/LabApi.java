package dev.descent.web;

import dev.descent.expr.Expression;
import dev.descent.expr.ExpressionException;
import dev.descent.minimize.Descender;
import dev.descent.minimize.Method;
import dev.descent.minimize.Objective;
import dev.descent.minimize.Points;
import dev.descent.minimize.Trace;
import dev.descent.minimize.Until;
import dev.descent.text.DiagnosisText;
import dev.descent.text.Messages;
import dev.descent.train.Diagnosis;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The descent lab's numbers. {@code GET /api/lab/run?f=EXPR&start=x=0,y=1&lr=0.1&steps=7&optimizer=gd&until=RULE}
 * runs {@link Descender} exactly as {@code descent minimize} does with the same options and answers every step;
 * {@code /api/lab/runs} takes lists ({@code optimizer=gd,adam}, {@code lr=0.1,0.3}, starts joined by {@code ;}) and
 * answers one run per combination with the region that holds them all; {@code /api/lab/grid} answers f on a bounded
 * grid of that region, which the page paints as a curve or filled contours.
 */
final class LabApi implements WebServer.Feature {
    /** Longest expression accepted. */
    static final int MAX_EXPRESSION = 500;
    /** Most steps one run may take. */
    static final int MAX_STEPS = 10_000;
    /** Most runs one request may ask for (optimizers × learning rates × starts). */
    static final int MAX_RUNS = 12;
    /** Most steps of all runs of one request together. */
    static final int MAX_TOTAL_STEPS = 20_000;
    /** Most grid points per side for a function of two variables, and points of a curve of one. */
    static final int MAX_GRID = 200;
    static final int MAX_CURVE = 2_000;

    @Override
    public void register(WebServer.Site site) {
        site.get("/api/lab/run", ctx -> Api.json(ctx, run(
                Api.param(ctx, "f", "x^2"),
                Api.param(ctx, "start", null),
                Api.number(ctx, "lr", 0.1),
                Api.integer(ctx, "steps", 100, 0, MAX_STEPS),
                Api.param(ctx, "optimizer", "gd"),
                Api.param(ctx, "until", null),
                messages(ctx))));
        site.get("/api/lab/runs", ctx -> Api.json(ctx, runs(
                Api.param(ctx, "f", "x^2"),
                Api.param(ctx, "start", null),
                Api.param(ctx, "lr", "0.1"),
                Api.integer(ctx, "steps", 100, 0, MAX_STEPS),
                Api.param(ctx, "optimizer", "gd"),
                Api.param(ctx, "until", null),
                messages(ctx))));
        site.get("/api/lab/grid", ctx -> Api.json(ctx, grid(
                Api.param(ctx, "f", "x^2"),
                Api.param(ctx, "x", "-1,1"),
                Api.param(ctx, "y", "-1,1"),
                Api.integer(ctx, "n", 100, 2, MAX_CURVE))));
    }

    private static Messages messages(io.javalin.http.Context ctx) {
        return Messages.of(Locale.forLanguageTag(Api.param(ctx, "lang", "en")));
    }

    /**
     * The expression in {@code f}, at most {@value #MAX_EXPRESSION} characters; a malformed one is refused in one line
     * naming f and the column (the caret picture under the source is for terminals).
     */
    static Expression parse(String source) {
        if (source.length() > MAX_EXPRESSION) {
            throw new IllegalArgumentException("f is " + source.length() + " characters long, more than the "
                    + MAX_EXPRESSION + " accepted");
        }
        try {
            return Expression.parse(source);
        } catch (ExpressionException e) {
            throw new IllegalArgumentException("f: " + e.getMessage().lines().findFirst().orElse(e.problem()));
        }
    }

    static Map<String, Object> run(String source, String start, double learningRate, int steps, String optimizer,
                                   String until, Messages messages) {
        Expression expr = parse(source);
        checkRate(learningRate);
        Method method = Method.parse(optimizer);
        Until rule = until == null ? null : Until.parse(until);
        double[] at = start == null ? new double[expr.variables().size()]
                : Points.parse("start", start, expr.variables());
        Trace trace = Descender.run(Objective.of(expr), at, method, learningRate, steps, rule);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("expression", expr.source().strip());
        out.put("variables", expr.variables());
        out.putAll(describe(trace, messages));
        return out;
    }

    /** Every combination of the listed optimizers, learning rates and starts, and the region that holds them. */
    static Map<String, Object> runs(String source, String starts, String rates, int steps, String optimizers,
                                    String until, Messages messages) {
        Expression expr = parse(source);
        List<Method> methods = new ArrayList<>();
        for (String name : list("optimizer", optimizers, ",")) {
            methods.add(Method.parse(name));
        }
        List<Double> learningRates = new ArrayList<>();
        for (String text : list("lr", rates, ",")) {
            double rate;
            try {
                rate = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("lr must be a number or a list like 0.1,0.3, was '" + rates + "'");
            }
            checkRate(rate);
            learningRates.add(rate);
        }
        List<double[]> points = new ArrayList<>();
        if (starts == null) {
            points.add(new double[expr.variables().size()]);
        } else {
            for (String text : list("start", starts, ";")) {
                points.add(Points.parse("start", text, expr.variables()));
            }
        }
        long count = (long) methods.size() * learningRates.size() * points.size();
        if (count > MAX_RUNS) {
            throw new IllegalArgumentException("optimizer, lr and start make " + count + " runs, more than the "
                    + MAX_RUNS + " the lab shows at once");
        }
        if (count * steps > MAX_TOTAL_STEPS) {
            throw new IllegalArgumentException("steps: " + count + " runs of " + steps + " steps are more than the "
                    + MAX_TOTAL_STEPS + " steps the lab computes at once");
        }
        Until rule = until == null ? null : Until.parse(until);
        Objective objective = Objective.of(expr);
        List<Object> out = new ArrayList<>();
        Region region = new Region(expr.variables().size());
        for (double[] start : points) {
            for (Method method : methods) {
                for (double rate : learningRates) {
                    Trace trace = Descender.run(objective, start, method, rate, steps, rule);
                    region.include(trace);
                    Map<String, Object> run = describe(trace, messages);
                    run.put("start", Points.show(expr.variables(), start));
                    out.add(run);
                }
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("expression", expr.source().strip());
        answer.put("variables", expr.variables());
        answer.put("runs", out);
        answer.put("region", region.padded());
        return answer;
    }

    /** One run: its settings, every point, why it stopped, and the learning-rate diagnosis of its values. */
    private static Map<String, Object> describe(Trace trace, Messages messages) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("optimizer", trace.method().key());
        out.put("optimizerName", messages.get("method." + trace.method().key()));
        out.put("learningRate", trace.learningRate());
        List<Object> points = new ArrayList<>();
        double[] norms = new double[trace.points().size()];
        for (Trace.Point p : trace.points()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("step", p.step());
            row.put("at", p.at());
            row.put("value", p.value());
            row.put("gradient", p.gradient());
            row.put("gradientNorm", p.gradientNorm());
            norms[p.step()] = p.gradientNorm();
            points.add(row);
        }
        out.put("points", points);
        out.put("stop", trace.stop());
        out.put("explanation", trace.explain(messages));
        Diagnosis diagnosis = Diagnosis.of(trace.values(), norms, Double.NaN);
        out.put("diagnosis", diagnosis.verdict());
        out.put("diagnosisText", DiagnosisText.verdict(diagnosis, messages));
        out.put("evidence", DiagnosisText.evidence(diagnosis, messages));
        return out;
    }

    /**
     * f on a grid: for one variable {@code n} values at even steps over {@code x}; for two, {@code n × n} values
     * (row by row, y rising, x rising within a row) over {@code x × y}. A value that does not exist is null.
     */
    static Map<String, Object> grid(String source, String xRange, String yRange, int n) {
        Expression expr = parse(source);
        int dims = expr.variables().size();
        if (dims < 1 || dims > 2) {
            throw new IllegalArgumentException("f has " + dims + " variables; the lab draws functions of 1 or 2");
        }
        if (dims == 2 && n > MAX_GRID) {
            throw new IllegalArgumentException("n must be between 2 and " + MAX_GRID + " for a function of two"
                    + " variables, was " + n);
        }
        double[] x = range("x", xRange);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("variables", expr.variables());
        out.put("n", n);
        out.put("x", x);
        if (dims == 1) {
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = expr.evaluate(at(x, i, n));
            }
            out.put("values", values);
            return out;
        }
        double[] y = range("y", yRange);
        double[] values = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                values[j * n + i] = expr.evaluate(at(x, i, n), at(y, j, n));
            }
        }
        out.put("y", y);
        out.put("values", values);
        return out;
    }

    private static double at(double[] range, int i, int n) {
        return range[0] + (range[1] - range[0]) * i / (n - 1);
    }

    private static double[] range(String name, String text) {
        String[] parts = text.split(",");
        double lo;
        double hi;
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            lo = Double.parseDouble(parts[0].strip());
            hi = Double.parseDouble(parts[1].strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be two numbers LOW,HIGH, was '" + text + "'");
        }
        if (!Double.isFinite(lo) || !Double.isFinite(hi) || !(lo < hi)) {
            throw new IllegalArgumentException(name + " must be finite with LOW < HIGH, was '" + text + "'");
        }
        return new double[] {lo, hi};
    }

    private static List<String> list(String name, String text, String separator) {
        List<String> out = new ArrayList<>();
        for (String part : text.split(separator)) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(name + " is empty");
        }
        return out;
    }

    private static void checkRate(double learningRate) {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("lr must be a finite number > 0, was " + learningRate);
        }
    }

    /**
     * The box around every finite point of the runs (of a diverging run, its first few), widened so that a path never
     * runs along its edge.
     */
    private static final class Region {
        /** Points of a diverging run that the region holds: the start and its first steps away. */
        private static final int DIVERGED_SHOWN = 5;
        private final double[] low;
        private final double[] high;

        Region(int dims) {
            low = new double[dims];
            high = new double[dims];
            java.util.Arrays.fill(low, Double.POSITIVE_INFINITY);
            java.util.Arrays.fill(high, Double.NEGATIVE_INFINITY);
        }

        void include(Trace trace) {
            // a diverging run shows where it leaves, not how far it went: the others would shrink to a dot
            int shown = trace.stop() == Trace.Stop.DIVERGED ? Math.min(DIVERGED_SHOWN, trace.points().size())
                    : trace.points().size();
            for (Trace.Point p : trace.points().subList(0, shown)) {
                boolean finite = Double.isFinite(p.value());
                for (double v : p.at()) {
                    finite &= Double.isFinite(v);
                }
                if (!finite) {
                    continue;
                }
                for (int i = 0; i < low.length; i++) {
                    low[i] = Math.min(low[i], p.at()[i]);
                    high[i] = Math.max(high[i], p.at()[i]);
                }
            }
        }

        /** {@code {x: [lo, hi], y: [lo, hi]}} for the first two variables, a quarter of the span added each side. */
        Map<String, Object> padded() {
            Map<String, Object> out = new LinkedHashMap<>();
            String[] names = {"x", "y"};
            for (int i = 0; i < Math.min(2, low.length); i++) {
                double lo = Double.isFinite(low[i]) ? low[i] : -1;
                double hi = Double.isFinite(high[i]) ? high[i] : 1;
                double span = hi - lo;
                double pad = span > 0 ? span / 4 : Math.max(1, Math.abs(lo));
                out.put(names[i], new double[] {lo - pad, hi + pad});
            }
            return out;
        }
    }
}
