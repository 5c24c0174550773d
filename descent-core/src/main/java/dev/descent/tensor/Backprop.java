package dev.descent.tensor;

import dev.descent.tensor.kernel.Elementwise;
import java.util.ArrayList;
import java.util.Arrays;
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
        if (createGraph && Workspace.isOpenHere()) {
            throw new IllegalStateException("backward: createGraph is not supported while a Workspace is open (the"
                    + " recorded gradients would stay in the leaves while their storage is reused); close it, or use"
                    + " Backprop.gradients");
        }
        run(output, upstream, retainGraph, createGraph, null);
    }

    /** Tensors reachable from {@code output} through recorded nodes, each after all tensors it depends on. */
    public static List<Tensor> topologicalOrder(Tensor output) {
        Scratch s = new Scratch();
        s.order(output);
        return new ArrayList<>(s.order);
    }

    /**
     * The collections one reverse pass needs, kept per thread and cleared after each pass so that a training step
     * does not rebuild them; a pass that starts while the thread's are in use (a backward inside a backward rule)
     * gets its own.
     */
    private static final class Scratch {
        private static final ThreadLocal<Scratch> PER_THREAD = ThreadLocal.withInitial(Scratch::new);
        /** Larger passes do not keep their collections (clearing them would cost every later pass). */
        private static final int KEEP_LIMIT = 1 << 12;

        final ArrayList<Tensor> order = new ArrayList<>();
        final IdentityHashMap<Tensor, Boolean> seen = new IdentityHashMap<>();
        final ArrayList<Tensor> stack = new ArrayList<>();
        int[] cursors = new int[64];
        final IdentityHashMap<Tensor, Tensor> pending = new IdentityHashMap<>();
        boolean busy;

        static Scratch acquire() {
            Scratch s = PER_THREAD.get();
            if (s.busy) {
                return new Scratch(); // used once, never released
            }
            s.busy = true;
            return s;
        }

        void release() {
            if (!busy) {
                return;
            }
            if (order.size() > KEEP_LIMIT) {
                PER_THREAD.remove();
                return;
            }
            order.clear();
            seen.clear();
            stack.clear();
            pending.clear();
            busy = false;
        }

        /** Fills {@code order}: an iterative DFS with an explicit stack of (tensor, next input to visit). */
        void order(Tensor output) {
            stack.add(output);
            cursors[0] = 0;
            seen.put(output, Boolean.TRUE);
            while (!stack.isEmpty()) {
                int top = stack.size() - 1;
                Tensor t = stack.get(top);
                Tensor[] ins = t.node == null ? NO_INPUTS : t.node.inputArray();
                boolean pushed = false;
                while (cursors[top] < ins.length) {
                    Tensor in = ins[cursors[top]++];
                    if (in != null && in.requiresGrad && seen.put(in, Boolean.TRUE) == null) {
                        stack.add(in);
                        if (top + 1 == cursors.length) {
                            cursors = Arrays.copyOf(cursors, cursors.length * 2);
                        }
                        cursors[top + 1] = 0;
                        pushed = true;
                        break;
                    }
                }
                if (!pushed) {
                    order.add(t);
                    stack.remove(top);
                }
            }
        }
    }

    private static final Tensor[] NO_INPUTS = new Tensor[0];

    private static void run(Tensor output, Tensor upstream, boolean retainGraph, boolean createGraph,
                            Map<Tensor, Tensor> wanted) {
        if (!output.requiresGrad) {
            throw new IllegalArgumentException("backward: the tensor does not require grad (no input of its graph"
                    + " requires grad, or it was computed under noGrad)");
        }
        if (output.node != null) {
            output.node.checkCurrent(output); // before the seed, which may reuse a stale output's storage
        }
        Tensor seed = seed(output, upstream);
        Scratch scratch = Scratch.acquire();
        boolean previous = GradMode.set(createGraph);
        boolean anomaly = AnomalyMode.enabled; // read once per pass
        try {
            scratch.order(output);
            List<Tensor> order = scratch.order;
            IdentityHashMap<Tensor, Tensor> pending = scratch.pending;
            pending.put(output, seed);
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
                node.checkCurrent(t);
                node.checkVersions();
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
            scratch.release();
        }
    }

    private static Tensor seed(Tensor output, Tensor upstream) {
        if (upstream == null) {
            if (output.numel() != 1) {
                throw new IllegalArgumentException("backward: output has shape " + Shapes.str(output.shape)
                        + "; a non-scalar output needs an explicit upstream gradient of that shape");
            }
            Tensor one = Tensor.empty(output.dtype, output.shape);
            one.put(0, 1.0);
            return one;
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

    /**
     * Adds {@code g} into {@code t.grad}. Under a workspace the sum goes into the tensor's own gradient buffer (see
     * {@link Workspace}): never into workspace storage, and without allocating once the buffer exists. Locked on
     * {@code t}: weights shared by graphs that run backward on several
     * threads at once (Hogwild-style) get every contribution (unlocked, 6400 contributions once summed to 3864); the
     * order of the additions then follows thread timing, so float sums may differ in their last bits from run to run.
     */
    private static void accumulate(Tensor t, Tensor g, boolean createGraph) {
        synchronized (t) {
            accumulateLocked(t, g, createGraph);
        }
    }

    private static void accumulateLocked(Tensor t, Tensor g, boolean createGraph) {
        if (createGraph) {
            t.grad = t.grad == null ? g : t.grad.add(g);
            return;
        }
        boolean reuse = Workspace.isOpenHere();
        if (t.grad == null) {
            // a copy: g may be shared with other tensors' gradients
            t.grad = reuse ? t.intoGradBuffer(g) : g.copy();
            return;
        }
        Tensor old = t.grad;
        // Out of place unless old is the buffer only backward writes: after a createGraph pass t.grad may be shared
        // with another tensor's gradient or be the caller's upstream tensor, and adding into it would change those too.
        Tensor acc = reuse && old == t.gradBuffer ? old : Tensor.zeros(old.dtype, old.shape);
        if (old.f != null && g.f != null) {
            Elementwise.add(old.f, g.f, acc.f);
        } else if (old.d != null && g.d != null) {
            Elementwise.add(old.d, g.d, acc.d);
        } else {
            for (int i = 0, n = acc.numel(); i < n; i++) {
                acc.put(i, old.at(i) + g.at(i));
            }
        }
        t.grad = acc;
        if (reuse) {
            t.gradBuffer = acc;
        }
    }
}
