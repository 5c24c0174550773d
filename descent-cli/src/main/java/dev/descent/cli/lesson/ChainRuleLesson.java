package dev.descent.cli.lesson;

import static dev.descent.cli.lesson.Text.f;

import dev.descent.autograd.GraphDot;
import dev.descent.plot.Dot;
import dev.descent.tensor.Backprop;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import dev.descent.text.Messages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The backpropagation tutorial's chain rule (docs/golden-numbers.md): z = x·y with x = 2w + 3b and y = 2b + 1.
 * At w = 3, b = 4 the forward pass gives x = 18, y = 9, z = 162 and the reverse pass ∂z/∂w = 2y = 18,
 * ∂z/∂b = 3y + 2x = 63. Then z is driven to a target by changing w alone, b alone, or both (each taking half of Δz),
 * with the partials recomputed every round, until |Δz| &lt; 1e-5.
 */
public final class ChainRuleLesson implements Lesson {
    static final double W = 3;
    static final double B = 4;
    static final double DEFAULT_TARGET = 150;
    static final double TOLERANCE = 1e-5;
    static final int MAX_ROUNDS = 100;

    /** The forward values and partials at one (w, b), all from the engine. */
    public record Forward(double w, double b, double x, double y, double z, double dzdx, double dzdy, double dzdw,
                          double dzdb) {
    }

    /** One round of the drive: the point, its z and Δz, the partials there and the changes made. */
    public record Round(int round, double w, double b, double z, double deltaZ, double dzdw, double dzdb,
                        double deltaW, double deltaB) {
    }

    /** Which variables take the change. */
    public enum Mode { W_ONLY, B_ONLY, BOTH }

    /** A drive of z to the target in one mode. */
    public record Drive(Mode mode, List<Round> rounds) {
        public Round last() {
            return rounds.get(rounds.size() - 1);
        }
    }

    /** Everything the lesson prints. */
    public record Result(Forward start, double target, List<Drive> drives) implements Report {
        @Override
        public String text(boolean zh) {
            StringBuilder out = new StringBuilder();
            Messages m = Messages.of(zh);
            out.append(m.get("lesson.chain_rule.setup")).append('\n');
            out.append(m.get("lesson.chain_rule.forward")).append(f("x = %s, y = %s, z = %s%n", Text.g(start.x()),
                    Text.g(start.y()), Text.g(start.z())));
            out.append(m.get("lesson.chain_rule.backward")).append(f("∂z/∂x = y = %s, ∂z/∂y = x = %s%n",
                    Text.g(start.dzdx()), Text.g(start.dzdy())));
            out.append(f("          ∂z/∂w = ∂z/∂x·∂x/∂w = 2y = %s%n", Text.g(start.dzdw())));
            out.append(f("          ∂z/∂b = ∂z/∂x·∂x/∂b + ∂z/∂y·∂y/∂b = 3y + 2x = %s%n%n", Text.g(start.dzdb())));
            out.append(m.get("lesson.chain_rule.drive", Text.g(start.z()), Text.g(target))).append('\n');
            for (Drive d : drives) {
                out.append('\n').append(switch (d.mode()) {
                    case W_ONLY -> m.get("lesson.chain_rule.w_only");
                    case B_ONLY -> m.get("lesson.chain_rule.b_only");
                    case BOTH -> m.get("lesson.chain_rule.both");
                }).append('\n');
                out.append(table(d, m));
                out.append(done(d, m)).append('\n');
            }
            return out.toString();
        }

        static String title(Drive d, Messages m) {
            return switch (d.mode()) {
                case W_ONLY -> m.get("lesson.chain_rule.w_only");
                case B_ONLY -> m.get("lesson.chain_rule.b_only");
                case BOTH -> m.get("lesson.chain_rule.both");
            };
        }

        static Text.Table table(Drive d, Messages m) {
            Text.Table table = new Text.Table(m.get("lesson.nonlinear.column"), "w", "b", "z", "Δz", "∂z/∂w", "∂z/∂b",
                    "Δw", "Δb");
            for (Round r : d.rounds()) {
                table.row(r.round(), f("%.6f", r.w()), f("%.6f", r.b()), f("%.6f", r.z()),
                        f("%.6f", r.deltaZ()), f("%.6f", r.dzdw()), f("%.6f", r.dzdb()),
                        f("%.6f", r.deltaW()), f("%.6f", r.deltaB()));
            }
            return table;
        }

        static String done(Drive d, Messages m) {
            Round last = d.last();
            return m.get("lesson.chain_rule.done", Integer.toString(d.rounds().size() - 1), f("%.6f", last.w()),
                    f("%.6f", last.b()), f("%.6f", last.z()));
        }

        /** The forward values, as the command prints them. */
        String forwardLine() {
            return f("x = %s, y = %s, z = %s", Text.g(start.x()), Text.g(start.y()), Text.g(start.z()));
        }

        /** The reverse pass, as the command prints it. */
        List<String> backwardLines() {
            return List.of(f("∂z/∂x = y = %s, ∂z/∂y = x = %s", Text.g(start.dzdx()), Text.g(start.dzdy())),
                    f("∂z/∂w = ∂z/∂x·∂x/∂w = 2y = %s", Text.g(start.dzdw())),
                    f("∂z/∂b = ∂z/∂x·∂x/∂b + ∂z/∂y·∂y/∂b = 3y + 2x = %s", Text.g(start.dzdb())));
        }

        @Override
        public Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("lesson", "chain-rule");
            m.put("w", start.w());
            m.put("b", start.b());
            m.put("x", start.x());
            m.put("y", start.y());
            m.put("z", start.z());
            m.put("gradient", Map.of("w", start.dzdw(), "b", start.dzdb()));
            m.put("target", target);
            Map<String, Object> drives = new LinkedHashMap<>();
            for (Drive d : drives()) {
                List<Object> rounds = new ArrayList<>();
                for (Round r : d.rounds()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("w", r.w());
                    row.put("b", r.b());
                    row.put("z", r.z());
                    row.put("deltaZ", r.deltaZ());
                    row.put("dzdw", r.dzdw());
                    row.put("dzdb", r.dzdb());
                    rounds.add(row);
                }
                drives.put(d.mode().name().toLowerCase(java.util.Locale.ROOT).replace("_only", ""), rounds);
            }
            m.put("drives", drives);
            return m;
        }
    }

    @Override
    public String name() {
        return "chain-rule";
    }

    @Override
    public String seeds() {
        return "002";
    }

    @Override
    public String summary(boolean zh) {
        return Messages.of(zh).get("lesson.chain_rule.summary");
    }

    /** The graph of z at (w, b): leaves w and b (named), intermediate x and y, output z. */
    static Tensor[] graph(double w, double b) {
        Tensor tw = Tensor.scalar(w, DType.F64).requiresGrad(true).named("w");
        Tensor tb = Tensor.scalar(b, DType.F64).requiresGrad(true).named("b");
        Tensor x = tw.mul(2).named("2w").add(tb.mul(3).named("3b")).named("x = 2w+3b");
        Tensor y = tb.mul(2).named("2b").add(1).named("y = 2b+1");
        Tensor z = x.mul(y).named("z = x*y");
        return new Tensor[] {tw, tb, x, y, z};
    }

    /** Forward and reverse pass at (w, b). */
    public static Forward forward(double w, double b) {
        Tensor[] g = graph(w, b);
        List<Tensor> grads = Backprop.gradients(g[4], List.of(g[2], g[3], g[0], g[1]), false);
        return new Forward(w, b, g[2].item(), g[3].item(), g[4].item(), grads.get(0).item(), grads.get(1).item(),
                grads.get(2).item(), grads.get(3).item());
    }

    /** Drives z to {@code target} in {@code mode}. */
    public static Drive drive(double target, Mode mode) {
        double w = W;
        double b = B;
        List<Round> rounds = new ArrayList<>();
        for (int k = 0; k <= MAX_ROUNDS; k++) {
            Forward p = forward(w, b);
            double dz = p.z() - target;
            boolean done = Math.abs(dz) < TOLERANCE;
            double share = mode == Mode.BOTH ? 0.5 : 1.0;
            double dw = done || mode == Mode.B_ONLY ? 0 : share * dz / p.dzdw();
            double db = done || mode == Mode.W_ONLY ? 0 : share * dz / p.dzdb();
            rounds.add(new Round(k, w, b, p.z(), dz, p.dzdw(), p.dzdb(), dw, db));
            if (done) {
                return new Drive(mode, rounds);
            }
            w -= dw;
            b -= db;
        }
        throw new IllegalArgumentException("z did not reach " + target + " within " + MAX_ROUNDS
                + " rounds; choose a target nearer to 162");
    }

    /** The whole lesson for a target (default 150). */
    public static Result compute(double target) {
        if (!Double.isFinite(target)) {
            throw new IllegalArgumentException("--target must be a finite number, was " + target);
        }
        List<Drive> drives = new ArrayList<>();
        for (Mode m : Mode.values()) {
            drives.add(drive(target, m));
        }
        return new Result(forward(W, B), target, drives);
    }

    @Override
    public Page page(Query q, Messages m) {
        double target = q.number("target", DEFAULT_TARGET, -1e4, 1e4);
        Result r = compute(target);
        List<Page.Step> steps = new ArrayList<>();
        steps.add(Page.Step.of("setup", m.get("web.lessons.chain_rule.setup"),
                m.get("web.lessons.chain_rule.setup.explain")).line(m.get("lesson.chain_rule.setup")));
        steps.add(Page.Step.of("forward", m.get("web.lessons.chain_rule.forward"),
                m.get("web.lessons.chain_rule.forward.explain")).line(r.forwardLine()));
        steps.add(Page.Step.of("backward", m.get("web.lessons.chain_rule.backward"),
                m.get("web.lessons.chain_rule.backward.explain")).lines(r.backwardLines()));
        for (Drive d : r.drives()) {
            steps.add(Page.Step.of("drive-" + d.mode().name().toLowerCase(java.util.Locale.ROOT), Result.title(d, m),
                            d == r.drives().get(0) ? m.get("lesson.chain_rule.drive", Text.g(r.start().z()),
                                    Text.g(target)) : m.get("web.lessons.chain_rule.drive.explain"))
                    .table(Result.table(d, m)).line(Result.done(d, m)));
        }
        return new Page(Map.of("target", target), steps, r.json(), Page.graph("(2*w+3*b)*(2*b+1)", "w=3,b=4"));
    }

    @Override
    public Ran run(Settings s) throws IOException {
        Result r = compute(s.target() == null ? DEFAULT_TARGET : s.target());
        Tensor[] g = graph(W, B);
        GraphDot.retainAll(g[4]);
        g[4].backward();
        String dot = GraphDot.of(g[4]);
        List<Path> figures = new ArrayList<>();
        Path dotFile = s.out().resolve("chain-rule.dot");
        Files.writeString(dotFile, dot, StandardCharsets.UTF_8);
        figures.add(dotFile);
        if (Dot.isAvailable()) {
            Path svg = s.out().resolve("chain-rule.svg");
            Dot.render(dot, svg);
            figures.add(svg);
        }
        return new Ran(r, figures);
    }
}
