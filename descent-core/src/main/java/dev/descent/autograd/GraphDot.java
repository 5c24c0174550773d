package dev.descent.autograd;

import dev.descent.tensor.Node;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws the recorded graph behind a tensor as Graphviz DOT text, micrograd's {@code draw_dot} picture: one record
 * per tensor with its name, value and gradient, one ellipse per op, edges in data-flow direction from left to
 * right. Render with {@code dot -Tsvg graph.dot -o graph.svg}.
 *
 * <p>Leaves keep their gradients after {@code backward()}; intermediate tensors only when asked with
 * {@link Tensor#retainGrad()}, which {@link #retainAll(Tensor)} does for a whole graph before the backward pass.
 */
public final class GraphDot {
    /** Tensors with at most this many elements show their values; larger ones show their shape. */
    private static final int MAX_SHOWN = 6;

    private GraphDot() {
    }

    /** The DOT text of the graph that produced {@code output}, constants included. */
    public static String of(Tensor output) {
        List<Tensor> order = reachable(output);
        Map<Tensor, String> ids = new IdentityHashMap<>();
        for (int i = 0; i < order.size(); i++) {
            ids.put(order.get(i), "t" + i);
        }
        StringBuilder dot = new StringBuilder("digraph G {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n");
        int ops = 0;
        for (Tensor t : order) {
            String id = ids.get(t);
            dot.append("  ").append(id).append(" [shape=record, label=\"").append(record(t, id)).append("\"];\n");
            Node node = t.gradFn();
            if (node == null) {
                continue;
            }
            String op = "op" + ops++;
            dot.append("  ").append(op).append(" [shape=ellipse, label=\"").append(quoted(node.op()))
                    .append("\"];\n");
            for (Tensor in : node.inputs()) {
                if (in != null) {
                    dot.append("  ").append(ids.get(in)).append(" -> ").append(op).append(";\n");
                }
            }
            dot.append("  ").append(op).append(" -> ").append(id).append(";\n");
        }
        return dot.append("}\n").toString();
    }

    /**
     * Asks every intermediate tensor of the graph to keep its gradient, so that the next backward pass fills in all
     * of them for the drawing; returns {@code output}.
     */
    public static Tensor retainAll(Tensor output) {
        for (Tensor t : reachable(output)) {
            if (!t.isLeaf()) {
                t.retainGrad();
            }
        }
        return output;
    }

    /** Every tensor reachable through recorded inputs, each after its inputs (iterative depth-first search). */
    private static List<Tensor> reachable(Tensor output) {
        List<Tensor> order = new ArrayList<>();
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        List<Tensor> stack = new ArrayList<>();
        List<Integer> cursor = new ArrayList<>();
        stack.add(output);
        cursor.add(0);
        seen.put(output, Boolean.TRUE);
        while (!stack.isEmpty()) {
            int top = stack.size() - 1;
            Tensor t = stack.get(top);
            List<Tensor> inputs = t.gradFn() == null ? List.of() : t.gradFn().inputs();
            int next = cursor.get(top);
            while (next < inputs.size() && (inputs.get(next) == null || seen.containsKey(inputs.get(next)))) {
                next++;
            }
            if (next < inputs.size()) {
                cursor.set(top, next + 1);
                Tensor in = inputs.get(next);
                seen.put(in, Boolean.TRUE);
                stack.add(in);
                cursor.add(0);
            } else {
                order.add(t);
                stack.remove(top);
                cursor.remove(top);
            }
        }
        return order;
    }

    /** The record label {@code { name | data … | grad … }}, every field escaped. */
    private static String record(Tensor t, String id) {
        String name = t.name() != null ? t.name() : t.isLeaf() && !t.requiresGrad() ? "const" : id;
        StringBuilder sb = new StringBuilder("{ ").append(escaped(name));
        if (t.numel() > MAX_SHOWN) {
            sb.append(" | ").append(escaped("shape " + Arrays.toString(t.shape())));
        } else {
            sb.append(" | ").append(escaped("data " + values(t)));
        }
        Tensor g = t.grad();
        if (g != null) {
            String shown = g.numel() > MAX_SHOWN ? "norm " + number(Math.sqrt(g.pow(2).sum().item())) : values(g);
            sb.append(" | ").append(escaped("grad " + shown));
        }
        return sb.append(" }").toString();
    }

    private static String values(Tensor t) {
        if (t.dim() == 0) {
            return number(t.item());
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < t.numel(); i++) {
            sb.append(i == 0 ? "" : ", ").append(number(t.getFlat(i)));
        }
        sb.append(']');
        if (t.dim() > 1) {
            sb.append(" shape ").append(Arrays.toString(t.shape()));
        }
        return sb.toString();
    }

    /** Integers without a decimal point, others with four significant digits. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        String s = String.format(Locale.ROOT, "%.4g", v);
        if (s.contains("e")) {
            return s;
        }
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    /** Escapes text for a record label, where braces, bars and angle brackets are structure. */
    static String escaped(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '{', '}', '|', '<', '>', '"', '\\' -> sb.append('\\').append(c);
                case '\n' -> sb.append("\\n");
                case '\r' -> { }
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Escapes text for a plain quoted label. */
    private static String quoted(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
