package dev.descent.tensor;

import java.util.Arrays;

/**
 * Reuses op results from one training step to the next, so that a steady-state training loop allocates (almost)
 * nothing: the tensors ops return while the workspace is open, with their storage, are handed out again the next
 * time the same workspace is opened (zeroed, unless the op that gets one writes every element, as a matrix product
 * or an elementwise map does).
 *
 * <pre>
 *   Workspace workspace = Workspace.create();
 *   for (...) {
 *       try (Workspace open = workspace.open()) {
 *           optimizer.zeroGrad();
 *           Tensor loss = lossFn.apply(model.forward(x), y);
 *           loss.backward();
 *       }
 *       optimizer.step();
 *   }
 * </pre>
 *
 * <p>The contract, precisely:
 * <ul>
 *   <li>While a workspace is open on a thread, every tensor an op returns on that thread comes from the workspace:
 *       forward results, the gradients a backward pass computes, and the storage of views of them ({@code reshape},
 *       {@code detach}). Tensors made by factories ({@link Tensor#of}, {@link Tensor#zeros}, {@link Tensor#copy()},
 *       …) never do, nor does anything computed while no workspace is open on the thread.</li>
 *   <li>Those tensors stay valid after {@link #close()} (the optimizer reads the gradients then) and until this
 *       workspace is opened again. From that moment each of them may be handed, as the same object, to a result of
 *       the new step: its values, shape and graph are then the new result's. The graph nodes ops record in the
 *       workspace ({@link Tensor#gradFn()}) are reused the same way. Keep what you need past a step with
 *       {@link Tensor#copy()} or {@link Tensor#item()}.</li>
 *   <li>A leaf's gradient ({@link Tensor#grad()}) never holds workspace storage: a backward pass inside a workspace
 *       writes it into a buffer the leaf keeps for the purpose, and reuses that buffer in place on later steps (after
 *       {@code zeroGrad()} it is overwritten, otherwise added to); {@link Tensor#setGrad(Tensor)} stores a copy of a
 *       workspace tensor. So a gradient tensor read from a leaf is valid until the next backward pass in a workspace
 *       reaches that leaf.</li>
 *   <li>A backward pass from an output recorded in an earlier opening of the workspace, or through such a node, fails
 *       with an {@link IllegalStateException}, as long as the output tensor itself has not been reused yet (then it is
 *       simply a tensor of the new step). So does {@code backward} with {@code createGraph} while a workspace is open:
 *       it would leave recorded workspace tensors in leaves' gradients. {@link Backprop#gradients} with createGraph is
 *       allowed; its results follow the rules above.</li>
 *   <li>Likewise an op whose input is a workspace tensor of an earlier opening fails with an
 *       {@link IllegalStateException} — unless the tensor has already been handed to another result of the new step
 *       (and so holds that result), which cannot be told apart from a result of the step.</li>
 *   <li>A workspace belongs to the thread that first opens it; at most one workspace is open per thread, and it
 *       cannot be opened twice. No-grad scopes may be nested inside or around it freely. Kernels' worker threads
 *       never make tensors, so they are unaffected.</li>
 * </ul>
 * Results are bitwise the same with and without a workspace: only where the storage comes from changes.
 */
public final class Workspace implements AutoCloseable {
    private static final ThreadLocal<Workspace> CURRENT = new ThreadLocal<>();

    private Thread owner;
    private boolean isOpen;
    private int generation;
    /** Open-addressing table of buckets keyed by (length, dtype); {@code buckets} lists them for the reset. */
    private Bucket[] table = new Bucket[64];
    private Bucket[] buckets = new Bucket[16];
    private int bucketCount;
    private final ShapeCache shapes = new ShapeCache();
    /** The graph nodes recorded in this workspace: {@code nodes[0, nodesUsed)} belong to the current opening. */
    private Node[] nodes = new Node[16];
    private int nodeCount;
    private int nodesUsed;

    /** The tensors of one length and dtype: {@code tensors[0, used)} are handed out in the current opening. */
    private static final class Bucket {
        final int length;
        final boolean doubles;
        Tensor[] tensors = new Tensor[4];
        int size;
        int used;

        Bucket(int length, boolean doubles) {
            this.length = length;
            this.doubles = doubles;
        }
    }

    private Workspace() {
    }

    /** A new, closed workspace holding no arrays yet. */
    public static Workspace create() {
        return new Workspace();
    }

    /**
     * Opens the workspace on this thread, recycling every array handed out during its previous opening; returns
     * this, for try-with-resources.
     */
    public Workspace open() {
        Thread me = Thread.currentThread();
        if (owner == null) {
            owner = me;
        } else if (owner != me) {
            throw new IllegalStateException("Workspace.open: this workspace belongs to thread '" + owner.getName()
                    + "'; each thread needs its own");
        }
        if (isOpen) {
            throw new IllegalStateException("Workspace.open: the workspace is already open");
        }
        if (CURRENT.get() != null) {
            throw new IllegalStateException("Workspace.open: another workspace is open on this thread; close it"
                    + " first (workspaces do not nest)");
        }
        generation++;
        for (int i = 0; i < bucketCount; i++) {
            buckets[i].used = 0;
        }
        nodesUsed = 0;
        isOpen = true;
        CURRENT.set(this);
        return this;
    }

    /** Stops handing out storage; the tensors of this opening stay valid until the next {@link #open()}. */
    @Override
    public void close() {
        if (!isOpen || owner != Thread.currentThread()) {
            return;
        }
        isOpen = false;
        CURRENT.set(null); // not remove(): the next get() would allocate a new map entry
    }

    /** True while the workspace is open. */
    public boolean isOpen() {
        return isOpen;
    }

    /** The number of tensors the workspace holds (handed out or free), e.g. to see that it stopped growing. */
    public int tensors() {
        int n = 0;
        for (int i = 0; i < bucketCount; i++) {
            n += buckets[i].size;
        }
        return n;
    }

    /** The workspace open on this thread, or null. */
    static Workspace current() {
        return CURRENT.get();
    }

    /** True while the workspace is open on this thread. */
    static boolean isOpenHere() {
        return CURRENT.get() != null;
    }

    /** How many times the workspace has been opened: a graph recorded under one count is stale under the next. */
    int generation() {
        return generation;
    }

    /**
     * A tensor of {@code shape} ({@code length} elements), zeroed if {@code zero}, held until the next opening: the
     * object is reused along with its storage, reset to a fresh result (no gradient, no node, no name). Unzeroed
     * storage holds whatever an earlier step left: only for ops that overwrite every element.
     */
    Tensor tensor(DType dtype, int[] shape, int length, boolean zero) {
        Bucket b = bucket(length, dtype == DType.F64);
        Tensor t;
        if (b.used < b.size) {
            t = b.tensors[b.used++];
            t.reuse(shape, zero);
        } else {
            t = dtype == DType.F32 ? new Tensor(dtype, shape, new float[length], null)
                    : new Tensor(dtype, shape, null, new double[length]);
            t.pool = this;
            add(b, t);
        }
        t.poolGeneration = generation;
        return t;
    }

    /**
     * The graph node of an op whose result is {@code output}, held until the next opening: a steady training step
     * records the same ops in the same order, so each gets the node (and input array) of its predecessor.
     */
    Node node(String op, Tensor[] inputs, Node.BackwardRule rule, Tensor output) {
        if (nodesUsed < nodeCount) {
            Node n = nodes[nodesUsed++];
            n.reuse(op, inputs, rule, output, generation);
            return n;
        }
        Node n = new Node(op, inputs.clone(), rule, output, this, generation);
        if (nodeCount == nodes.length) {
            nodes = Arrays.copyOf(nodes, nodeCount * 2);
        }
        nodes[nodeCount++] = n;
        nodesUsed = nodeCount;
        return n;
    }

    /** Zeroed scratch doubles for an op's own use, held until the next opening. */
    double[] doubles(int length) {
        return tensor(DType.F64, SCRATCH_SHAPE, length, true).d;
    }

    private static final int[] SCRATCH_SHAPE = new int[0];

    /** A shape array [rows, cols] shared by every result of that shape in this workspace (shapes are never written). */
    int[] shape(int rows, int cols) {
        return shapes.get(rows, cols);
    }

    /** A shape array equal to {@code shape} (which may be the caller's and change later), shared as above. */
    int[] shape(int[] shape) {
        return shapes.get(shape);
    }

    private static void add(Bucket b, Tensor t) {
        if (b.size == b.tensors.length) {
            b.tensors = Arrays.copyOf(b.tensors, b.size * 2);
        }
        b.tensors[b.size++] = t;
        b.used = b.size;
    }

    private Bucket bucket(int length, boolean doubles) {
        int mask = table.length - 1;
        for (int i = hash(length, doubles) & mask; ; i = (i + 1) & mask) {
            Bucket b = table[i];
            if (b == null) {
                return insert(length, doubles);
            }
            if (b.length == length && b.doubles == doubles) {
                return b;
            }
        }
    }

    private Bucket insert(int length, boolean doubles) {
        Bucket b = new Bucket(length, doubles);
        if (bucketCount == buckets.length) {
            buckets = Arrays.copyOf(buckets, bucketCount * 2);
        }
        buckets[bucketCount++] = b;
        if (bucketCount * 2 > table.length) {
            table = new Bucket[table.length * 2];
            for (int i = 0; i < bucketCount; i++) {
                place(buckets[i]);
            }
        } else {
            place(b);
        }
        return b;
    }

    private void place(Bucket b) {
        int mask = table.length - 1;
        int i = hash(b.length, b.doubles) & mask;
        while (table[i] != null) {
            i = (i + 1) & mask;
        }
        table[i] = b;
    }

    private static int hash(int length, boolean doubles) {
        int h = length * 2 + (doubles ? 1 : 0);
        return h ^ (h >>> 7) ^ (h >>> 15);
    }

    /** Interned 2-d shapes, so a matrix product does not allocate its result's shape array on every step. */
    private static final class ShapeCache {
        private int[][] shapes = new int[16][];
        private int count;

        int[] get(int rows, int cols) {
            for (int i = 0; i < count; i++) {
                int[] s = shapes[i];
                if (s.length == 2 && s[0] == rows && s[1] == cols) {
                    return s;
                }
            }
            return add(new int[] {rows, cols});
        }

        int[] get(int[] shape) {
            for (int i = 0; i < count; i++) {
                if (Arrays.equals(shapes[i], shape)) {
                    return shapes[i];
                }
            }
            return add(shape.clone());
        }

        private int[] add(int[] s) {
            if (count == shapes.length) {
                // a workload with ever new shapes: start over rather than grow without bound
                count = 0;
            }
            shapes[count++] = s;
            return s;
        }
    }

    @Override
    public String toString() {
        return "Workspace(open=" + isOpen + ", generation=" + generation + ", tensors=" + tensors() + ")";
    }
}
