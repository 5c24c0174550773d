package dev.descent.web;

import dev.descent.expr.Expression;
import dev.descent.minimize.Descender;
import dev.descent.minimize.Method;
import dev.descent.minimize.Objective;
import dev.descent.minimize.Points;
import dev.descent.minimize.Trace;
import dev.descent.minimize.Until;
import dev.descent.text.Messages;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The descent lab's numbers: {@code GET /api/lab/run?f=EXPR&start=x=0,y=1&lr=0.1&steps=7&optimizer=gd&until=RULE}
 * runs {@link Descender} exactly as {@code descent minimize} does with the same options, and answers every step.
 */
final class LabApi implements WebServer.Feature {
    /** Longest expression accepted. */
    static final int MAX_EXPRESSION = 500;
    /** Most steps one run may take. */
    static final int MAX_STEPS = 10_000;

    @Override
    public void register(WebServer.Site site) {
        site.get("/api/lab/run", ctx -> Api.json(ctx, run(
                Api.param(ctx, "f", "x^2"),
                Api.param(ctx, "start", null),
                Api.number(ctx, "lr", 0.1),
                Api.integer(ctx, "steps", 100, 0, MAX_STEPS),
                Api.param(ctx, "optimizer", "gd"),
                Api.param(ctx, "until", null),
                Messages.of(Locale.forLanguageTag(Api.param(ctx, "lang", "en"))))));
    }

    static Expression parse(String source) {
        if (source.length() > MAX_EXPRESSION) {
            throw new IllegalArgumentException("f is " + source.length() + " characters long, more than the "
                    + MAX_EXPRESSION + " accepted");
        }
        return Expression.parse(source);
    }

    static Map<String, Object> run(String source, String start, double learningRate, int steps, String optimizer,
                                   String until, Messages messages) {
        Expression expr = parse(source);
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("lr must be a finite number > 0, was " + learningRate);
        }
        Method method = Method.parse(optimizer);
        Until rule = until == null ? null : Until.parse(until);
        double[] at = start == null ? new double[expr.variables().size()]
                : Points.parse("start", start, expr.variables());
        Trace trace = Descender.run(Objective.of(expr), at, method, learningRate, steps, rule);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("expression", expr.source().strip());
        out.put("variables", expr.variables());
        out.put("optimizer", method.key());
        out.put("optimizerName", messages.get("method." + method.key()));
        out.put("learningRate", learningRate);
        List<Object> points = new ArrayList<>();
        for (Trace.Point p : trace.points()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("step", p.step());
            row.put("at", p.at());
            row.put("value", p.value());
            row.put("gradient", p.gradient());
            row.put("gradientNorm", p.gradientNorm());
            points.add(row);
        }
        out.put("points", points);
        out.put("stop", trace.stop());
        out.put("explanation", trace.explain(messages));
        return out;
    }
}
