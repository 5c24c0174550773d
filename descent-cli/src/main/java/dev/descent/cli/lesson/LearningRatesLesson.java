package dev.descent.cli.lesson;

import static dev.descent.cli.lesson.Text.f;
import static dev.descent.cli.lesson.Text.t;

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
            out.append(t(zh, "the same line fit (" + runs.get(0).trace().objective().describe() + "), "
                            + STEPS + " steps of gradient descent from (w, b) = (-1, -1) with three learning rates; "
                            + f("the least-squares minimum is J = %.6f%n", minimum),
                    "同一个线性回归（" + runs.get(0).trace().objective().describe(Messages.chinese())
                            + "），从 (w, b) = (-1, -1) 出发做 "
                            + STEPS + " 步梯度下降，三种学习率；" + f("最小二乘的最小值 J = %.6f%n", minimum)));
            List<String> header = new ArrayList<>();
            header.add(t(zh, "step", "步"));
            for (Run r : runs) {
                header.add(t(zh, "loss @ rate ", "损失 @ 学习率 ") + Text.g(r.rate()));
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
            out.append(table);
            for (Run r : runs) {
                out.append('\n').append(t(zh, "learning rate ", "学习率 ")).append(Text.g(r.rate())).append(": ")
                        .append(DiagnosisText.explain(r.diagnosis(), Messages.of(zh))).append('\n');
            }
            return out.toString();
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
        return t(zh, "one problem, three learning rates (too small, good, too large), each loss curve diagnosed",
                "同一问题、三种学习率（太小、合适、太大），逐一诊断损失曲线");
    }

    /** The three runs on the default noisy line of {@code seed}. */
    public static Result compute(long seed) {
        LineFit fit = LineFit.generated(seed);
        List<Run> runs = new ArrayList<>();
        for (double rate : RATES) {
            Trace trace = Descender.run(fit, START, Method.GD, rate, STEPS, null);
            runs.add(new Run(rate, trace, Diagnosis.of(trace.values())));
        }
        return new Result(runs, fit.value(fit.leastSquares()));
    }

    @Override
    public Ran run(Settings s) throws IOException {
        Result r = compute(s.seed());
        boolean zh = s.figuresInChinese();
        List<Series> series = new ArrayList<>();
        String[] words = {t(zh, "too small", "太小"), t(zh, "good", "合适"), t(zh, "too large", "太大")};
        for (int i = 0; i < r.runs().size(); i++) {
            Run run = r.runs().get(i);
            double[] loss = run.trace().values();
            double[] steps = new double[loss.length];
            for (int k = 0; k < steps.length; k++) {
                steps[k] = k;
            }
            series.add(Series.of(t(zh, "rate ", "学习率 ") + Text.g(run.rate()) + " (" + words[i] + ")", steps, loss));
        }
        Path out = s.out().resolve("learning-rates.png");
        LineChart.of(t(zh, "The same line fit with three learning rates", "同一个线性回归，三种学习率"),
                t(zh, "step", "步"), t(zh, "loss J(w, b) (log scale)", "损失 J(w, b)（对数坐标）"), series)
                .withLogY().save(out);
        return new Ran(r, List.of(out));
    }
}
