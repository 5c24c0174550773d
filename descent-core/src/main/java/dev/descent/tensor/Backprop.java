package dev.descent.tensor;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reverse pass: orders the recorded graph topologically from the output (iteratively, so a chain of a
 * million ops needs no deep stack), then hands each node the sum of the gradients that reached it, from the output
 * back to the leaves. MiniFlow's {@code topological_sort} plus backward pass, and {@code torch.autograd.grad}.
 */
public final class Backprop {
    private Backprop() {
    }

    /**
     * Gradients of {@code output} with respect to each of {@code inputs} (any tensors of the graph), returned instead
     * of accumulated into {@code .grad}; with {@code createGraph} they are themselves differentiable. An input the
     * output does not depend on gets a zero gradient.
     */
    public static List<Tensor> gradients(Tensor output, List<Tensor> inputs, boolean createGraph) {
        return gradients(output, null, inputs, createGraph);
    }

    /**
     * Like {@link #gradients(Tensor, List, boolean)} with an explicit upstream gradient (a vector-Jacobian product);
     * the graph is kept, so this may be called again on the same output.
     */
    public static List<Tensor> gradients(Tensor output, Tensor upstream, List<Tensor> inputs, boolean createGraph) {
        IdentityHashMap<Tensor, Tensor> wanted = new IdentityHashMap<>();
        for (Tensor in : inputs) {
            wanted.put(in, null);
        }
        run(output, upstream, true, createGraph, wanted);
        List<Tensor> out = new ArrayList<>(inputs.size());
        for (Tensor in : inputs) {
            Tensor g = wanted.get(in);
            out.add(g != null ? g : in.zerosLike());
        }
        return out;
    }

    static void backward(Tensor output, Tensor upstream, boolean retainGraph, boolean createGraph) {
        run(output, upstream, retainGraph, createGraph, null);
    }

    /** Tensors reachable from {@code output} through recorded nodes, each after all tensors it depends on. */
    public static List<Tensor> topologicalOrder(Tensor output) {
        List<Tensor> order = new ArrayList<>();
        IdentityHashMap<Tensor, Boolean> seen = new IdentityHashMap<>();
        // Explicit stack of (tensor, next input to visit) replaces the recursive DFS.
        List<Tensor> stack = new ArrayList<>();
        List<int[]> next = new ArrayList<>();
        stack.add(output);
        next.add(new int[1]);
        seen.put(output, Boolean.TRUE);
        while (!stack.isEmpty()) {
            int top = stack.size() - 1;
            Tensor t = stack.get(top);
            Tensor[] ins = t.node == null ? new Tensor[0] : t.node.inputArray();
            int[] cursor = next.get(top);
            boolean pushed = false;
            while (cursor[0] < ins.length) {
                Tensor in = ins[cursor[0]++];
                if (in != null && in.requiresGrad && seen.put(in, Boolean.TRUE) == null) {
                    stack.add(in);
                    next.add(new int[1]);
                    pushed = true;
                    break;
                }
            }
            if (!pushed) {
                order.add(t);
                stack.remove(top);
                next.remove(top);
            }
        }
        return order;
    }

    private static void run(Tensor output, Tensor upstream, boolean retainGraph, boolean createGraph,
                            Map<Tensor, Tensor> wanted) {
        if (!output.requiresGrad) {
            throw new IllegalArgumentException("backward: the tensor does not require grad (no input of its graph"
                    + " requires grad, or it was computed under noGrad)");
        }
        Tensor seed = seed(output, upstream);
        List<Tensor> order = topologicalOrder(output);
        IdentityHashMap<Tensor, Tensor> pending = new IdentityHashMap<>();
        pending.put(output, seed);
        boolean previous = GradMode.set(createGraph);
        boolean anomaly = AnomalyMode.enabled; // read once per pass
        try {
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                Tensor g = pending.remove(t);
                if (g == null) {
                    continue;
                }
                if (wanted != null && wanted.containsKey(t)) {
                    wanted.put(t, g);
                } else if (wanted == null && (t.node == null || t.retainsGrad)) {
                    accumulate(t, g, createGraph);
                }
                if (t.node == null) {
                    continue;
                }
                Node node = t.node;
                Tensor[] ins = node.inputArray();
                Tensor[] grads = anomaly ? AnomalyMode.applyChecked(node, g) : node.rule().apply(g);
                if (!retainGraph) {
                    node.release();
                }
                for (int k = 0; k < ins.length; k++) {
                    Tensor in = ins[k];
                    Tensor gk = grads[k];
                    if (in == null || gk == null || !in.requiresGrad) {
                        continue;
                    }
                    Tensor sum = pending.get(in);
                    pending.put(in, sum == null ? gk : sum.add(gk));
                }
            }
        } finally {
            GradMode.set(previous);
        }
    }

    private static Tensor seed(Tensor output, Tensor upstream) {
        if (upstream == null) {
            if (output.numel() != 1) {
                throw new IllegalArgumentException("backward: output has shape " + Shapes.str(output.shape)
                        + "; a non-scalar output needs an explicit upstream gradient of that shape");
            }
            return Tensor.full(output.dtype, 1.0, output.shape);
        }
        if (!Shapes.sameShape(upstream.shape, output.shape)) {
            throw new IllegalArgumentException("backward: upstream gradient shape " + Shapes.str(upstream.shape)
                    + " differs from output shape " + Shapes.str(output.shape));
        }
        if (upstream.dtype != output.dtype) {
            throw new IllegalArgumentException("backward: upstream gradient is " + upstream.dtype
                    + " but the output is " + output.dtype);
        }
        return upstream;
    }

    private static void accumulate(Tensor t, Tensor g, boolean createGraph) {
        if (createGraph) {
            t.grad = t.grad == null ? g : t.grad.add(g);
            return;
        }
        if (t.grad == null) {
            t.grad = g.copy(); // a copy: g may be shared with other tensors' gradients
            return;
        }
        // Out of place: after a createGraph pass t.grad may be shared with another tensor's gradient or be the
        // caller's upstream tensor, and adding into it would change those too.
        Tensor old = t.grad;
        Tensor acc = Tensor.empty(old.dtype, old.shape.clone());
        if (old.f != null && g.f != null) {
            for (int i = 0, n = acc.f.length; i < n; i++) {
                acc.f[i] = old.f[i] + g.f[i];
            }
        } else {
            for (int i = 0, n = acc.numel(); i < n; i++) {
                acc.put(i, old.at(i) + g.at(i));
            }
        }
        t.grad = acc;
    }
}
