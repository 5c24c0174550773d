package dev.descent.cli.lesson;

import dev.descent.minimize.Descender;
import dev.descent.minimize.Trace;
import dev.descent.minimize.Method;
import static dev.descent.cli.lesson.Text.f;

import dev.descent.plot.LineChart;
import dev.descent.plot.Series;
import dev.descent.text.DiagnosisText;
import dev.descent.text.Messages;
import dev.descent.train.Diagnosis;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The MiniFlow and backpropagation tutorials on the learning rate: the same line fit with a rate too small (a slow,
 * steady, unfinished fall), a good one (a fast fall that levels off) and one too large (the loss swings and grows),
 * each read by {@link Diagnosis} as the backpropagation tutorial's learning-rate table reads a loss curve.
 */
public final class LearningRatesLesson implements Lesson {
    static final double[] RATES = {0.01, 0.5, 1.05};
    static final double[] START = {-1, -1};
    static final int STEPS = 60;

    /** One rate's run and its diagnosis. */
    public record Run(double rate, Trace trace, Diagnosis diagnosis) {
    }

    /** The three runs. */
    public record Result(List<Run> runs, double minimum) implements Report {
        @Override
        public String text(boolean zh) {
            StringBuilder out = new StringBuilder();
            Messages m = Messages.of(zh);
            out.append(m.get("lesson.learning_rates.intro", runs.get(0).trace().objective().describe(m),
                    Integer.toString(STEPS), f("%.6f", minimum))).append('\n');
            out.append(table(m));
            for (Run r : runs) {
                out.append('\n').append(m.get("lesson.learning_rates.run", Text.g(r.rate()),
                        DiagnosisText.explain(r.diagnosis(), m))).append('\n');
            }
            return out.toString();
        }

        Text.Table table(Messages m) {
            List<String> header = new ArrayList<>();
            header.add(m.get("column.step"));
            for (Run r : runs) {
                header.add(m.get("lesson.learning_rates.column", Text.g(r.rate())));
            }
            Text.Table table = new Text.Table(header.toArray(String[]::new));
            for (int k : new int[] {0, 1, 2, 3, 5, 10, 20, 40, STEPS}) {
                Object[] row = new Object[runs.size() + 1];
                row[0] = k;
                for (int i = 0; i < runs.size(); i++) {
                    List<Trace.Point> ps = runs.get(i).trace().points();
                    row[i + 1] = k < ps.size() ? f("%.6g", ps.get(k).value()) : "-";
                }
                table.row(row);
            }
            return table;
        }

        @Override
        public Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("lesson", "learning-rates");
            m.put("minimum", minimum);
            List<Object> list = new ArrayList<>();
            for (Run r : runs) {
                Map<String, Object> run = new LinkedHashMap<>();
                run.put("learningRate", r.rate());
                run.put("loss", r.trace().values());
                run.put("verdict", r.diagnosis().verdict().name().toLowerCase(Locale.ROOT));
                list.add(run);
            }
            m.put("runs", list);
            return m;
        }
    }

    @Override
    public String name() {
        return "learning-rates";
    }

    @Override
    public String seeds() {
        return "000/002";
    }

    @Override
    public String summary(boolean zh) {
        return Messages.of(zh).get("lesson.learning_rates.summary");
    }

    /** The three runs on the default noisy line of {@code seed}. */
    public static Result compute(long seed) {
        return compute(seed, RATES);
    }

    /** The runs for {@code rates}. */
    static Result compute(long seed, double[] rates) {
        LineFit fit = LineFit.generated(seed);
        List<Run> runs = new ArrayList<>();
        for (double rate : rates) {
            Trace trace = Descender.run(fit, START, Method.GD, rate, STEPS, null);
            runs.add(new Run(rate, trace, Diagnosis.of(trace.values())));
        }
        return new Result(runs, fit.value(fit.leastSquares()));
    }

    @Override
    public Page page(Query q, Messages m) {
        long seed = (long) q.number("seed", 42, 0, Integer.MAX_VALUE);
        String text = q.text("rates", "0.01,0.5,1.05");
        String[] parts = text.split(",");
        if (parts.length > 4) {
            throw new IllegalArgumentException("rates takes at most 4 learning rates, was " + parts.length);
        }
        double[] rates = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            rates[i] = Query.of(Map.of("rates", parts[i])).number("rates", 0, 1e-6, 10);
        }
        Result r = compute(seed, rates);
        Page.Step diagnosis = Page.Step.of("diagnosis", m.get("web.lessons.learning_rates.diagnosis"),
                m.get("web.lessons.learning_rates.diagnosis.explain"));
        for (Run run : r.runs()) {
            diagnosis = diagnosis.line(m.get("lesson.learning_rates.run", Text.g(run.rate()),
                    DiagnosisText.explain(run.diagnosis(), m)));
        }
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("rates", text.replace(" ", ""));
        inputs.put("seed", seed);
        return new Page(inputs, List.of(
                Page.Step.of("curves", m.get("web.lessons.learning_rates.curves"),
                        m.get("lesson.learning_rates.intro", r.runs().get(0).trace().objective().describe(m),
                                Integer.toString(STEPS), f("%.6f", r.minimum()))).table(r.table(m)),
                diagnosis), r.json(), null);
    }

    @Override
    public Ran run(Settings s) throws IOException {
        Result r = compute(s.seed());
        boolean zh = s.figuresInChinese();
        List<Series> series = new ArrayList<>();
        Messages m = Messages.of(zh);
        String[] words = {m.get("lesson.learning_rates.too_small"), m.get("lesson.learning_rates.good"),
            m.get("lesson.learning_rates.too_large")};
        for (int i = 0; i < r.runs().size(); i++) {
            Run run = r.runs().get(i);
            double[] loss = run.trace().values();
            double[] steps = new double[loss.length];
            for (int k = 0; k < steps.length; k++) {
                steps[k] = k;
            }
            series.add(Series.of(m.get("lesson.learning_rates.series", Text.g(run.rate()), words[i]), steps, loss));
        }
        Path out = s.out().resolve("learning-rates.png");
        LineChart.of(m.get("lesson.learning_rates.title"), m.get("column.step"),
                m.get("lesson.learning_rates.axis"), series)
                .withLogY().save(out);
        return new Ran(r, List.of(out));
    }
}
