package dev.descent.web;

import dev.descent.autograd.GraphDot;
import dev.descent.expr.Expression;
import dev.descent.minimize.Points;
import dev.descent.tensor.Backprop;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The graph view's numbers: {@code GET /api/graph?f=EXPR&at=w=3,b=4} builds the expression's computation graph
 * through the core exactly as {@code descent graph} does (0-d F64 tensors, one reverse pass with every node's gradient
 * retained) and answers every node in forward order with its value, its gradient and its depth, and every edge with
 * the local derivative of the consumer with respect to its input and the chain-rule contribution (upstream gradient ×
 * local derivative) that the reverse pass sends along it.
 */
final class GraphApi implements WebServer.Feature {
    /** Most nodes drawn: a larger graph would not be readable as a picture. */
    static final int MAX_NODES = 200;

    @Override
    public void register(WebServer.Site site) {
        site.get("/api/graph", ctx -> Api.json(ctx, graph(Api.param(ctx, "f", "(2*w+3*b)*(2*b+1)"),
                Api.param(ctx, "at", null))));
    }

    static Map<String, Object> graph(String source, String at) {
        Expression expr = LabApi.parse(source);
        List<String> vars = expr.variables();
        double[] point = Points.parse("at", at, vars);
        List<String> shown = Points.order(at, vars);
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (int i = 0; i < vars.size(); i++) {
            inputs.put(vars.get(i), Tensor.scalar(point[i], DType.F64).requiresGrad(true).named(vars.get(i)));
        }
        Tensor out;
        try (var recording = Tensor.enableGrad()) {
            out = expr.apply(inputs);
        }
        List<Tensor> order = out.requiresGrad() ? Backprop.topologicalOrder(out) : List.of(out);
        if (order.size() > MAX_NODES) {
            throw new IllegalArgumentException("f makes a graph of " + order.size() + " nodes, more than the "
                    + MAX_NODES + " the graph view draws");
        }
        Map<Tensor, Integer> id = new IdentityHashMap<>();
        for (int i = 0; i < order.size(); i++) {
            id.put(order.get(i), i);
        }
        // the local derivatives need the recorded graph, which the reverse pass below releases
        List<Edge> edges = new ArrayList<>();
        for (Tensor node : order) {
            if (node.gradFn() != null) {
                edges.addAll(localDerivatives(node, id));
            }
        }
        if (out.requiresGrad()) {
            GraphDot.retainAll(out);
            out.backward();
        }
        double[] gradient = new double[order.size()];
        int[] depth = new int[order.size()];
        int[] row = new int[order.size()];
        Map<Integer, Integer> perDepth = new LinkedHashMap<>();
        List<Object> nodes = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            Tensor t = order.get(i);
            Tensor grad = t.grad();
            gradient[i] = grad == null ? (t == out ? 1.0 : 0.0) : grad.item();
            List<Integer> from = new ArrayList<>();
            for (Edge e : edges) {
                if (e.to == i) {
                    from.add(e.from);
                    depth[i] = Math.max(depth[i], depth[e.from] + 1);
                }
            }
            row[i] = perDepth.merge(depth[i], 1, Integer::sum) - 1;
            String op = t.gradFn() == null ? "input" : t.gradFn().op();
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("id", i);
            node.put("name", t.name() == null ? op : t.name());
            node.put("op", op);
            node.put("value", t.item());
            node.put("gradient", gradient[i]);
            node.put("depth", depth[i]);
            node.put("row", row[i]);
            node.put("inputs", from);
            nodes.add(node);
        }
        List<Object> edgeList = new ArrayList<>();
        for (Edge e : edges) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("from", e.from);
            m.put("to", e.to);
            m.put("local", e.local);
            m.put("upstream", gradient[e.to]);
            m.put("contribution", gradient[e.to] * e.local);
            edgeList.add(m);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("expression", expr.source().strip());
        answer.put("variables", shown);
        Map<String, Object> where = new LinkedHashMap<>();
        Map<String, Object> partials = new LinkedHashMap<>();
        for (String v : shown) {
            where.put(v, point[vars.indexOf(v)]);
            Tensor g = inputs.get(v).grad();
            partials.put(v, g == null ? 0.0 : g.item());
        }
        answer.put("at", where);
        answer.put("value", out.item());
        answer.put("gradient", partials);
        answer.put("nodes", nodes);
        answer.put("edges", edgeList);
        answer.put("layers", perDepth.size());
        return answer;
    }

    /** One input of an op: {@code ∂to/∂from} with every other input held fixed. */
    private record Edge(int from, int to, double local) {
    }

    /**
     * The partial derivative of {@code node} with respect to each of its distinct inputs, the others held fixed.
     * The reverse pass only answers total derivatives, which also count the paths through the node's other inputs
     * (in {@code x * sin(x)}, ∂/∂x of the product is sin x + x cos x, its local derivative sin x). An input that no
     * other input depends on has no such path; taking the inputs from the last in forward order to the first, each
     * local derivative is its total minus what the later inputs, whose locals are known by then, carry to it.
     */
    private static List<Edge> localDerivatives(Tensor node, Map<Tensor, Integer> id) {
        List<Tensor> ins = new ArrayList<>();
        for (Tensor in : node.gradFn().inputs()) {
            if (in != null && in.requiresGrad() && id.containsKey(in) && !containsSame(ins, in)) {
                ins.add(in);
            }
        }
        ins.sort((a, b) -> Integer.compare(id.get(b), id.get(a)));
        List<Tensor> total = Backprop.gradients(node, ins, false);
        double[] local = new double[ins.size()];
        List<Edge> edges = new ArrayList<>();
        for (int a = 0; a < ins.size(); a++) {
            double v = total.get(a).item();
            for (int b = 0; b < a; b++) {
                Tensor later = ins.get(b);
                if (later.gradFn() != null && local[b] != 0) {
                    v -= local[b] * Backprop.gradients(later, List.of(ins.get(a)), false).get(0).item();
                }
            }
            local[a] = v;
            edges.add(new Edge(id.get(ins.get(a)), id.get(node), v));
        }
        edges.sort((p, q) -> Integer.compare(p.from, q.from));
        return edges;
    }

    private static boolean containsSame(List<Tensor> list, Tensor t) {
        for (Tensor x : list) {
            if (x == t) {
                return true;
            }
        }
        return false;
    }
}
