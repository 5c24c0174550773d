package dev.descent.cli;

import dev.descent.autograd.GraphDot;
import dev.descent.cli.lesson.Lessons;
import dev.descent.minimize.Points;
import dev.descent.expr.Expression;
import dev.descent.plot.Dot;
import dev.descent.plot.OutputFile;
import dev.descent.tensor.Backprop;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import dev.descent.text.Messages;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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
 * {@code descent graph EXPR --at w=3,b=4}: the expression's computation graph — every node's value in forward
 * (topological) order, the partial derivative of the output with respect to every node and variable from one
 * reverse pass, and the graph as DOT (and SVG through Graphviz).
 */
@Command(name = "graph", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Forward values, partial derivatives and the computation graph of an expression at a point.",
        footer = {"", "Examples:", "  descent graph \"(2*w+3*b)*(2*b+1)\" --at w=3,b=4",
            "  descent graph \"sqrt(ln(x^2))\" --at x=3 --svg graph.svg",
            "  descent graph \"(2*w+3*b)*(2*b+1)\" --at w=3,b=4 --json"})
public final class GraphCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "EXPR", description = "The expression, e.g. \"(2*w+3*b)*(2*b+1)\".")
    String expression;

    @Option(names = "--at", paramLabel = "w=V[,b=V]", description = "The point: a value for every variable.")
    String at;

    @Option(names = "--dot", paramLabel = "FILE", description = "Write the graph as Graphviz DOT text.")
    Path dotFile;

    @Option(names = "--svg", paramLabel = "FILE", description = "Render the graph to SVG with Graphviz's dot.")
    Path svgFile;

    @Spec
    CommandSpec spec;

    /**
     * The largest graph passed to Graphviz: its layout's time and memory grow much faster than the node count (a
     * 1000-term product took it past 5 GB); {@code --dot} writes any size.
     */
    static final int MAX_SVG_NODES = 500;

    /** One node of the graph as printed. */
    record NodeRow(String name, String op, double value, double gradient) {
    }

    @Override
    public Integer call() throws IOException {
        common.apply();
        Expression expr;
        double[] point;
        try {
            expr = Expression.parse(expression);
            point = Points.parse("--at", at, expr.variables());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        List<String> vars = expr.variables();
        List<String> shown = Points.order(at, vars);
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (int i = 0; i < vars.size(); i++) {
            inputs.put(vars.get(i), Tensor.scalar(point[i], DType.F64).requiresGrad(true).named(vars.get(i)));
        }
        Tensor out = expr.apply(inputs);
        List<Tensor> order = out.requiresGrad() ? Backprop.topologicalOrder(out) : List.of(out);
        if (svgFile != null && order.size() > MAX_SVG_NODES) {
            throw new IllegalArgumentException("--svg " + svgFile + ": the graph has " + order.size()
                    + " nodes, more than the " + MAX_SVG_NODES + " Graphviz lays out here; write it with --dot FILE");
        }
        if (out.requiresGrad()) {
            GraphDot.retainAll(out);
            out.backward();
        }
        List<NodeRow> rows = new ArrayList<>();
        for (Tensor t : order) {
            Tensor grad = t.grad();
            String op = t.gradFn() == null ? "input" : t.gradFn().op();
            String name = t.name() == null ? op : t.name();
            rows.add(new NodeRow(name, op, t.item(), grad == null ? (t == out ? 1.0 : 0.0) : grad.item()));
        }
        Map<String, Double> gradient = new LinkedHashMap<>();
        for (String v : shown) {
            Tensor g = inputs.get(v).grad();
            gradient.put(v, g == null ? 0.0 : g.item());
        }
        String dot = GraphDot.of(out);
        List<String> notes = writeFiles(dot);
        PrintWriter stdout = spec.commandLine().getOut();
        if (common.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("expression", expr.source().strip());
            Map<String, Object> where = new LinkedHashMap<>();
            for (String v : shown) {
                where.put(v, point[vars.indexOf(v)]);
            }
            m.put("at", where);
            m.put("value", out.item());
            m.put("gradient", gradient);
            List<Object> list = new ArrayList<>();
            for (NodeRow r : rows) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", r.name());
                row.put("op", r.op());
                row.put("value", r.value());
                row.put("gradient", r.gradient());
                list.add(row);
            }
            m.put("order", list);
            if (dotFile != null) {
                m.put("dot", dotFile.toString());
            }
            if (svgFile != null && Dot.isAvailable()) {
                m.put("svg", svgFile.toString());
            }
            stdout.println(Lessons.toJson(m));
        } else {
            print(stdout, expr, point, out.item(), gradient, rows, dot, notes, common.chinese());
        }
        stdout.flush();
        return 0;
    }

    private List<String> writeFiles(String dot) throws IOException {
        Messages m = common.messages();
        List<String> notes = new ArrayList<>();
        if (dotFile != null) {
            // atomically: a full disk leaves the old file or none, never an empty one
            OutputFile.write(dotFile, dot.getBytes(StandardCharsets.UTF_8));
            notes.add(m.get("graph.dot_written", dotFile.toString()));
        }
        if (svgFile != null) {
            if (Dot.isAvailable()) {
                Dot.render(dot, svgFile);
                notes.add(m.get("graph.svg_written", svgFile.toString()));
            } else {
                Path fallback = dotFile != null ? dotFile : Path.of(svgFile.toString().replaceAll("\\.svg$", "")
                        + ".dot");
                if (dotFile == null) {
                    OutputFile.write(fallback, dot.getBytes(StandardCharsets.UTF_8));
                }
                notes.add(m.get("graph.no_dot", fallback.toString(), svgFile.toString()));
            }
        }
        return notes;
    }

    private void print(PrintWriter out, Expression expr, double[] point, double value, Map<String, Double> gradient,
                       List<NodeRow> rows, String dot, List<String> notes, boolean zh) {
        List<String> vars = new ArrayList<>(gradient.keySet());
        double[] ordered = new double[vars.size()];
        for (int i = 0; i < ordered.length; i++) {
            ordered[i] = point[expr.variables().indexOf(vars.get(i))];
        }
        Messages m = Messages.of(zh);
        out.println(vars.isEmpty() ? "f = " + expr.source().strip()
                : m.get("graph.at", expr.source().strip(), Points.show(vars, ordered)));
        out.println(m.get("graph.value", g(value)));
        if (!vars.isEmpty()) {
            out.println(m.get("graph.partials"));
            for (Map.Entry<String, Double> e : gradient.entrySet()) {
                out.println("  ∂f/∂" + e.getKey() + " = " + g(e.getValue()));
            }
        }
        out.println(m.get("graph.order"));
        int nameWidth = 4;
        int opWidth = 2;
        for (NodeRow r : rows) {
            nameWidth = Math.max(nameWidth, r.name().length());
            opWidth = Math.max(opWidth, r.op().length());
        }
        int i = 1;
        for (NodeRow r : rows) {
            out.printf(Locale.ROOT, "  %2d. %-" + nameWidth + "s  %-" + opWidth + "s  %s = %-12s ∂f/∂node = %s%n",
                    i++, r.name(), r.op(), m.get("graph.node_value"), g(r.value()), g(r.gradient()));
        }
        for (String note : notes) {
            out.println(note);
        }
        if (dotFile == null && svgFile == null) {
            out.println(m.get("graph.dot"));
            out.print(dot);
        }
    }

    private static Map<String, Object> named(List<String> vars, double[] values) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            m.put(vars.get(i), values[i]);
        }
        return m;
    }

    private static String g(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.10g", v).replaceAll("(\\.\\d*?)0+($|e)", "$1$2").replaceAll("\\.($|e)",
                "$1");
    }
}
