package dev.descent.cli.lesson;

import dev.descent.minimize.Descender;
import dev.descent.minimize.Trace;
import dev.descent.minimize.Objective;
import dev.descent.minimize.Method;
import static dev.descent.cli.lesson.Text.f;

import dev.descent.expr.Expression;
import dev.descent.plot.CurveWithSteps;
import dev.descent.tensor.Rng;
import dev.descent.text.Messages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The MiniFlow gradient-descent tutorial (docs/golden-numbers.md): f(x) = x² + 5 from a random integer in [0, 10000]
 * with learning rate 0.1 for 100 epochs (x → 0, cost → 5), then learning rate 1, where x flips between ±x₀ forever.
 */
public final class QuadraticLesson implements Lesson {
    static final String FORMULA = "x^2 + 5";
    static final int EPOCHS = 100;
    static final double GOOD_RATE = 0.1;
    static final double BAD_RATE = 1.0;
    static final int BAD_EPOCHS = 20;

    /** The two runs and where they started. */
    public record Result(int start, Trace good, Trace bad) implements Report {
        /** x after the last epoch at rate 0.1. */
        public double finalX() {
            return good.last().at()[0];
        }

        /** The cost after the last epoch at rate 0.1. */
        public double finalCost() {
            return good.last().value();
        }

        @Override
        public String text(boolean zh) {
            StringBuilder out = new StringBuilder();
            Messages m = Messages.of(zh);
            out.append(m.get("lesson.quadratic.function")).append('\n');
            out.append(m.get("lesson.quadratic.start", String.valueOf(start), Integer.toString(EPOCHS))).append('\n');
            out.append(rows(good, new int[] {0, 1, 2, 3, 4, 5, 10, 20, 50, EPOCHS}, zh));
            out.append(m.get("lesson.quadratic.after", Integer.toString(EPOCHS), f("%.6e", finalX()),
                    f("%.6e", start * Math.pow(0.8, EPOCHS)), f("%.3f", finalCost()))).append('\n');
            out.append(m.get("lesson.quadratic.note")).append("\n\n");
            out.append(m.get("lesson.quadratic.rate1")).append('\n');
            out.append(rows(bad, new int[] {0, 1, 2, 3, 4, 5}, zh));
            out.append(bad.explain(zh)).append('\n');
            return out.toString();
        }

        private static String rows(Trace trace, int[] which, boolean zh) {
            return table(trace, which, Messages.of(zh)).toString();
        }

        static Text.Table table(Trace trace, int[] which, Messages m) {
            Text.Table table = new Text.Table(m.get("table.epoch"), "x", m.get("lesson.quadratic.cost"),
                    m.get("lesson.quadratic.gradient"));
            for (int k : which) {
                if (k < trace.points().size()) {
                    Trace.Point p = trace.points().get(k);
                    table.row(k, f("%.6g", p.at()[0]), f("%.3f", p.value()), f("%.6g", p.gradient()[0]));
                }
            }
            return table;
        }

        @Override
        public Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("lesson", "quadratic");
            m.put("start", start);
            m.put("learningRate", GOOD_RATE);
            m.put("epochs", EPOCHS);
            m.put("x", Arrays.stream(good.coordinate(0)).boxed().toList());
            m.put("cost", Arrays.stream(good.values()).boxed().toList());
            m.put("finalX", finalX());
            m.put("finalCost", finalCost());
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("learningRate", BAD_RATE);
            b.put("x", Arrays.stream(bad.coordinate(0)).boxed().toList());
            b.put("stop", bad.stop().name().toLowerCase(java.util.Locale.ROOT));
            m.put("rateOne", b);
            return m;
        }
    }

    @Override
    public String name() {
        return "quadratic";
    }

    @Override
    public String seeds() {
        return "000";
    }

    @Override
    public String summary(boolean zh) {
        return Messages.of(zh).get("lesson.quadratic.summary");
    }

    /** The random start: an integer in [0, 10000] drawn from {@code seed}. */
    public static int start(long seed) {
        return Rng.of(seed).nextInt(10_001);
    }

    /** Runs both rates from the seeded start. */
    public static Result compute(long seed) {
        int x0 = start(seed);
        Objective f = Objective.of(Expression.parse(FORMULA));
        Trace good = Descender.run(f, new double[] {x0}, Method.GD, GOOD_RATE, EPOCHS, null);
        Trace bad = Descender.run(f, new double[] {x0}, Method.GD, BAD_RATE, BAD_EPOCHS, null);
        return new Result(x0, good, bad);
    }

    @Override
    public Page page(Query q, Messages m) {
        // the command's default start: the integer its default seed draws
        double x0 = q.number("start", start((long) q.number("seed", 42, 0, Integer.MAX_VALUE)), -1e6, 1e6);
        double rate = q.number("lr", GOOD_RATE, 1e-6, 10);
        int epochs = (int) q.number("epochs", EPOCHS, 1, 1000);
        Objective f = Objective.of(Expression.parse(FORMULA));
        Trace good = Descender.run(f, new double[] {x0}, Method.GD, rate, epochs, null);
        Trace bad = Descender.run(f, new double[] {x0}, Method.GD, BAD_RATE, BAD_EPOCHS, null);
        int[] shown = java.util.stream.IntStream.of(0, 1, 2, 3, 4, 5, 10, 20, 50, epochs).filter(k -> k <= epochs)
                .distinct().toArray();
        Trace.Point last = good.last();
        Page.Step descent = Page.Step.of("descent", m.get("web.lessons.quadratic.descent", Text.g(rate), Text.g(x0)),
                        m.get("web.lessons.quadratic.descent.explain"))
                .table(Result.table(good, shown, m))
                .line(m.get("web.lessons.quadratic.after", Integer.toString(last.step()), f("%.6e", last.at()[0]),
                        f("%.6e", x0 * Math.pow(1 - 2 * rate, last.step())), f("%.3f", last.value())))
                .line(good.explain(m))
                .slip(m.get("lesson.quadratic.note"));
        Page.Step flip = Page.Step.of("rate1", m.get("lesson.quadratic.rate1"),
                        m.get("web.lessons.quadratic.rate1.explain"))
                .table(Result.table(bad, new int[] {0, 1, 2, 3, 4, 5}, m)).line(bad.explain(m));
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("start", x0);
        inputs.put("lr", rate);
        inputs.put("epochs", epochs);
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("x", good.coordinate(0));
        numbers.put("cost", good.values());
        numbers.put("stop", good.stop());
        numbers.put("curve", Page.curve(good, 12));
        return new Page(inputs, List.of(
                Page.Step.of("function", m.get("web.lessons.quadratic.function"),
                        m.get("web.lessons.quadratic.function.explain")).line(m.get("lesson.quadratic.function")),
                descent, flip), numbers,
                Page.lab(FORMULA, "x=" + Text.g(x0), rate, epochs, "gd"));
    }

    @Override
    public Ran run(Settings s) throws IOException {
        Result r = compute(s.seed());
        Path good = s.out().resolve("quadratic.png");
        double[] xs = Arrays.copyOf(r.good().coordinate(0), 12);
        Messages m = Messages.of(s.figuresInChinese());
        CurveWithSteps.of(m.get("lesson.quadratic.title.good"), x -> x * x + 5, xs)
                .withLabels("x", m.get("lesson.quadratic.cost")).save(good);
        Path bad = s.out().resolve("quadratic-rate1.png");
        double[] flips = Arrays.copyOf(r.bad().coordinate(0), 6);
        CurveWithSteps.of(m.get("lesson.quadratic.title.bad"), x -> x * x + 5, flips)
                .withLabels("x", m.get("lesson.quadratic.cost")).save(bad);
        return new Ran(r, List.of(good, bad));
    }
}
