package dev.descent.tensor;

import dev.descent.tensor.Arithmetic.Comparison;
import java.util.Arrays;
import java.util.Objects;

/**
 * An N-dimensional array of F32 or F64 numbers that remembers how it was computed, so that gradients can flow
 * back through it (define-by-run reverse-mode autodiff, as in PyTorch and micrograd).
 *
 * <p>Storage is one contiguous row-major primitive array. Every op returns a new tensor; when grad mode is on and
 * an input requires a gradient, the result carries a {@link Node} with the op's backward rule, and
 * {@link #backward()} walks those nodes in reverse topological order. Binary ops broadcast like NumPy. Numbers
 * passed as {@code double} take the tensor's dtype; two tensors of different dtypes must be converted with
 * {@link #to(DType)} first. The op methods here are thin: each op's forward and backward rule live side by side in
 * {@code Pointwise}, {@code Arithmetic}, {@code Reductions}, {@code Movement} and {@code LinearAlgebra}. Inside a
 * {@link Workspace} op results reuse the tensors of the previous training step instead of allocating new ones.
 */
public final class Tensor {
    final DType dtype;
    /** Never written in place; reassigned only when a {@link Workspace} reuses this tensor for a new result. */
    int[] shape;
    final float[] f;
    final double[] d;

    boolean requiresGrad;
    Node node;
    Tensor grad;
    boolean retainsGrad;
    private String name;
    /**
     * The {@link Workspace} the storage belongs to (this is an op result, or a view of one, made in it), else null; and
     * the workspace's opening count when it handed the storage out: once it is opened again, this tensor is stale.
     */
    Workspace pool;
    int poolGeneration;
    /** The gradient storage backward passes in a workspace reuse for this tensor (never workspace storage). */
    Tensor gradBuffer;
    /**
     * How many times the values were changed in place ({@link #setFlat}, {@link #copyFrom}), shared with every view
     * of the same storage (PyTorch's version counter): an op records its inputs' versions, and backward refuses to
     * use a value changed since, which would give a wrong gradient without a word.
     */
    int[] version = new int[1];

    Tensor(DType dtype, int[] shape, float[] f, double[] d) {
        this.dtype = dtype;
        this.shape = shape;
        this.f = f;
        this.d = d;
    }

    /**
     * A zeroed tensor for an op's result (or a backward rule's): its storage comes from the {@link Workspace} open on
     * this thread, if any. {@code shape} is kept, not copied, and must never be written afterwards.
     */
    static Tensor empty(DType dtype, int[] shape) {
        int n = Shapes.numel(shape);
        Workspace w = Workspace.current();
        return w == null ? fresh(dtype, shape, n) : w.tensor(dtype, shape, n, true);
    }

    /**
     * Like {@link #empty(DType, int[])} for an op that writes every element of its result (a matrix product, an
     * elementwise map): a workspace hands its storage out as the last step left it, without zeroing it first.
     */
    static Tensor overwritten(DType dtype, int[] shape) {
        int n = Shapes.numel(shape);
        Workspace w = Workspace.current();
        return w == null ? fresh(dtype, shape, n) : w.tensor(dtype, shape, n, false);
    }

    /** {@link #overwritten(DType, int[])} for a 2-d result, its shape array interned as {@link #empty(DType, int, int)}. */
    static Tensor overwritten(DType dtype, int rows, int cols) {
        Workspace w = Workspace.current();
        return w == null ? fresh(dtype, new int[] {rows, cols}, rows * cols)
                : w.tensor(dtype, w.shape(rows, cols), rows * cols, false);
    }

    /**
     * Makes this workspace tensor a new result of {@code newShape} (same element count), zeroed if {@code zero}
     * (else the op that asked for it overwrites every element).
     */
    void reuse(int[] newShape, boolean zero) {
        shape = newShape;
        requiresGrad = false;
        node = null;
        grad = null;
        retainsGrad = false;
        name = null;
        gradBuffer = null;
        if (!zero) {
            return;
        }
        if (f != null) {
            Arrays.fill(f, 0f);
        } else {
            Arrays.fill(d, 0.0);
        }
    }

    /** A 2-d op result [rows, cols]; in a workspace its shape array is shared with earlier results of that shape. */
    static Tensor empty(DType dtype, int rows, int cols) {
        Workspace w = Workspace.current();
        return empty(dtype, w == null ? new int[] {rows, cols} : w.shape(rows, cols));
    }

    /** An op result of the given shape, which may be the caller's array: it is copied, or in a workspace interned. */
    static Tensor emptyCopying(DType dtype, int[] shape) {
        Workspace w = Workspace.current();
        return empty(dtype, w == null ? shape.clone() : w.shape(shape));
    }

    /** Zeroed scratch doubles for an op's own use: from the workspace open on this thread, if any. */
    static double[] scratch(int length) {
        Workspace w = Workspace.current();
        return w == null ? new double[length] : w.doubles(length);
    }

    /** A 0-d op result holding {@code value}. */
    static Tensor scalarResult(double value, DType dtype) {
        Tensor t = empty(dtype, SCALAR);
        t.put(0, value);
        return t;
    }

    /** A zeroed tensor with storage of its own, whatever workspace is open: what the public factories return. */
    private static Tensor fresh(DType dtype, int[] shape) {
        return fresh(dtype, shape, Shapes.numel(shape));
    }

    private static Tensor fresh(DType dtype, int[] shape, int n) {
        return dtype == DType.F32 ? new Tensor(dtype, shape, new float[n], null)
                : new Tensor(dtype, shape, null, new double[n]);
    }

    /** The shape of every 0-d op result (never written). */
    private static final int[] SCALAR = new int[0];

    double at(int i) {
        return f != null ? f[i] : d[i];
    }

    void put(int i, double v) {
        if (f != null) {
            f[i] = (float) v;
        } else {
            d[i] = v;
        }
    }

    // ------------------------------------------------------------------ factories

    /** An F32 tensor holding a copy of {@code values} in row-major order. */
    public static Tensor of(float[] values, int... shape) {
        checkLength(values.length, shape);
        return new Tensor(DType.F32, shape.clone(), values.clone(), null);
    }

    /** An F64 tensor holding a copy of {@code values} in row-major order. */
    public static Tensor of(double[] values, int... shape) {
        checkLength(values.length, shape);
        return new Tensor(DType.F64, shape.clone(), null, values.clone());
    }

    /** A tensor of the given dtype holding {@code values} (rounded to F32 if asked). */
    public static Tensor of(DType dtype, double[] values, int... shape) {
        checkLength(values.length, shape);
        Tensor t = fresh(dtype, shape.clone());
        for (int i = 0; i < values.length; i++) {
            t.put(i, values[i]);
        }
        return t;
    }

    /** A 1-d F32 tensor of the given values. */
    public static Tensor vector(double... values) {
        return of(DType.F32, values, values.length);
    }

    private static void checkLength(int length, int[] shape) {
        int n = Shapes.checkedNumel(shape);
        if (n != length) {
            throw new IllegalArgumentException("of: " + length + " values do not fill shape " + Shapes.str(shape)
                    + " (" + n + " elements)");
        }
    }

    /** A 0-d F32 tensor. */
    public static Tensor scalar(double value) {
        return scalar(value, DType.F32);
    }

    /** A 0-d tensor of the given dtype. */
    public static Tensor scalar(double value, DType dtype) {
        Tensor t = fresh(dtype, new int[0]);
        t.put(0, value);
        return t;
    }

    /** F32 zeros. */
    public static Tensor zeros(int... shape) {
        return zeros(DType.F32, shape);
    }

    /** Zeros of the given dtype. */
    public static Tensor zeros(DType dtype, int... shape) {
        Shapes.checkedNumel(shape);
        return fresh(dtype, shape.clone());
    }

    /** F32 ones. */
    public static Tensor ones(int... shape) {
        return full(1.0, shape);
    }

    /** Ones of the given dtype. */
    public static Tensor ones(DType dtype, int... shape) {
        return full(dtype, 1.0, shape);
    }

    /** An F32 tensor filled with {@code value}. */
    public static Tensor full(double value, int... shape) {
        return full(DType.F32, value, shape);
    }

    /** A tensor of the given dtype filled with {@code value}. */
    public static Tensor full(DType dtype, double value, int... shape) {
        Tensor t = zeros(dtype, shape);
        if (t.f != null) {
            Arrays.fill(t.f, (float) value);
        } else {
            Arrays.fill(t.d, value);
        }
        return t;
    }

    /** A tensor of zeros with this tensor's dtype and the given shape. */
    public Tensor zerosLike() {
        return fresh(dtype, shape.clone());
    }

    /** 1-d F32 values start, start+step, … below end (like {@code numpy.arange}). */
    public static Tensor arange(double start, double end, double step) {
        if (step == 0 || !Double.isFinite(start) || !Double.isFinite(end) || !Double.isFinite(step)) {
            throw new IllegalArgumentException("arange: need finite start/end and step != 0, got " + start + ", "
                    + end + ", " + step);
        }
        long n = Math.max(0, (long) Math.ceil((end - start) / step));
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("arange: " + n + " elements is too many");
        }
        Tensor t = fresh(DType.F32, new int[] {(int) n});
        for (int i = 0; i < n; i++) {
            t.put(i, start + i * step);
        }
        return t;
    }

    /** 1-d F32 values 0, 1, …, end−1. */
    public static Tensor arange(int end) {
        return arange(0, end, 1);
    }

    /** {@code count} evenly spaced F32 values from start to end inclusive. */
    public static Tensor linspace(double start, double end, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("linspace: count must be >= 0, was " + count);
        }
        Tensor t = fresh(DType.F32, new int[] {count});
        for (int i = 0; i < count; i++) {
            t.put(i, count == 1 ? start : start + (end - start) * i / (count - 1));
        }
        return t;
    }

    /** The n×n F32 identity matrix. */
    public static Tensor eye(int n) {
        return eye(DType.F32, n);
    }

    /** The n×n identity matrix of the given dtype. */
    public static Tensor eye(DType dtype, int n) {
        Tensor t = zeros(dtype, n, n);
        for (int i = 0; i < n; i++) {
            t.put(i * n + i, 1.0);
        }
        return t;
    }

    /** F32 values uniform in [0, 1). */
    public static Tensor rand(Rng rng, int... shape) {
        return uniform(rng, 0, 1, shape);
    }

    /** F32 values uniform in [low, high). */
    public static Tensor uniform(Rng rng, double low, double high, int... shape) {
        return uniform(DType.F32, rng, low, high, shape);
    }

    /** Values of the given dtype uniform in [low, high). */
    public static Tensor uniform(DType dtype, Rng rng, double low, double high, int... shape) {
        Objects.requireNonNull(rng, "rng");
        Tensor t = zeros(dtype, shape);
        for (int i = 0, n = t.numel(); i < n; i++) {
            t.put(i, rng.uniform(low, high));
        }
        return t;
    }

    /** F32 values from the standard normal distribution. */
    public static Tensor randn(Rng rng, int... shape) {
        return normal(DType.F32, rng, 0, 1, shape);
    }

    /** Values of the given dtype from N(mean, std²). */
    public static Tensor normal(DType dtype, Rng rng, double mean, double std, int... shape) {
        Objects.requireNonNull(rng, "rng");
        Tensor t = zeros(dtype, shape);
        for (int i = 0, n = t.numel(); i < n; i++) {
            t.put(i, rng.normal(mean, std));
        }
        return t;
    }

    /** A one-hot F32 matrix [labels.length, classes]. */
    public static Tensor oneHot(int[] labels, int classes) {
        return oneHot(labels, classes, DType.F32);
    }

    /** A one-hot matrix [labels.length, classes] of the given dtype. */
    public static Tensor oneHot(int[] labels, int classes, DType dtype) {
        Tensor t = zeros(dtype, labels.length, classes);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("oneHot: label " + labels[i] + " at index " + i
                        + " is outside [0, " + classes + ")");
            }
            t.put(i * classes + labels[i], 1.0);
        }
        return t;
    }

    // ------------------------------------------------------------------ accessors

    /** The shape (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** Number of dimensions; 0 for a scalar. */
    public int dim() {
        return shape.length;
    }

    /** Size of one dimension; negative axes count from the end. */
    public int size(int axis) {
        return shape[Shapes.axis("size", axis, shape.length)];
    }

    /** Number of elements. */
    public int numel() {
        return f != null ? f.length : d.length;
    }

    /** The element type. */
    public DType dtype() {
        return dtype;
    }

    /** The value of a one-element tensor. */
    public double item() {
        if (numel() != 1) {
            throw new IllegalArgumentException("item: tensor of shape " + Shapes.str(shape)
                    + " has " + numel() + " elements, expected exactly 1");
        }
        return at(0);
    }

    /** The element at a full index. */
    public double get(int... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("get: " + index.length + " indices for a " + shape.length
                    + "-d tensor of shape " + Shapes.str(shape));
        }
        int flat = 0;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IllegalArgumentException("get: index " + index[i] + " out of range for dimension " + i
                        + " of size " + shape[i]);
            }
            flat = flat * shape[i] + index[i];
        }
        return at(flat);
    }

    /** The element at a row-major position. */
    public double getFlat(int i) {
        return at(i);
    }

    /**
     * Overwrites the element at a row-major position. This bypasses autodiff: for optimizers, initializers and
     * loaders working on leaf tensors, never on values a recorded graph still needs.
     */
    public void setFlat(int i, double value) {
        put(i, value);
        version[0]++;
    }

    /** The values as floats (a copy). */
    public float[] toFloatArray() {
        if (f != null) {
            return f.clone();
        }
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (float) d[i];
        }
        return out;
    }

    /** The values as doubles (a copy). */
    public double[] toDoubleArray() {
        if (d != null) {
            return d.clone();
        }
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = f[i];
        }
        return out;
    }

    /**
     * The live F32 storage, for kernels and optimizers that update in place (null for F64 tensors). Writing to it
     * bypasses autodiff.
     */
    public float[] floatData() {
        return f;
    }

    /** The live F64 storage (null for F32 tensors); see {@link #floatData()}. */
    public double[] doubleData() {
        return d;
    }

    /** Copies the values of {@code source} (same shape) into this tensor, bypassing autodiff. */
    public void copyFrom(Tensor source) {
        if (!Shapes.sameShape(shape, source.shape)) {
            throw new IllegalArgumentException("copyFrom: shape " + Shapes.str(source.shape) + " into "
                    + Shapes.str(shape));
        }
        version[0]++;
        if (f != null && source.f != null) {
            System.arraycopy(source.f, 0, f, 0, f.length);
        } else if (d != null && source.d != null) {
            System.arraycopy(source.d, 0, d, 0, d.length);
        } else {
            for (int i = 0, n = numel(); i < n; i++) {
                put(i, source.at(i));
            }
        }
    }

    /** A name shown in graph drawings and error messages; returns this. */
    public Tensor named(String name) {
        this.name = name;
        return this;
    }

    /** The name given by {@link #named(String)}, or null. */
    public String name() {
        return name;
    }

    // ------------------------------------------------------------------ autodiff

    /** Marks a leaf tensor as a variable whose gradient {@link #backward()} should compute; returns this. */
    public Tensor requiresGrad(boolean required) {
        if (node != null) {
            throw new IllegalArgumentException("requiresGrad: only leaf tensors can be marked; this one was made"
                    + " by '" + node.op() + "' (use detach() first)");
        }
        this.requiresGrad = required;
        return this;
    }

    /** True if gradients flow to or through this tensor. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** True if this tensor was not produced by a recorded op. */
    public boolean isLeaf() {
        return node == null;
    }

    /** The node of the op that produced this tensor, or null for a leaf. */
    public Node gradFn() {
        return node;
    }

    /** The accumulated gradient, or null before any backward pass reached this tensor. */
    public Tensor grad() {
        return grad;
    }

    /**
     * Replaces the gradient (e.g. with a clipped one); null clears it. A tensor made in a {@link Workspace} is stored
     * as a copy (in this tensor's own gradient buffer), since the workspace reuses it on its next opening.
     */
    public void setGrad(Tensor gradient) {
        if (gradient != null && !Shapes.sameShape(shape, gradient.shape)) {
            throw new IllegalArgumentException("setGrad: gradient shape " + Shapes.str(gradient.shape)
                    + " differs from tensor shape " + Shapes.str(shape));
        }
        this.grad = gradient != null && gradient.pooled() ? intoGradBuffer(gradient) : gradient;
    }

    /**
     * {@code g}'s values in this tensor's own gradient buffer, made (or remade for another dtype or shape) when needed;
     * what backward passes and {@link #setGrad} store under a workspace, so that reusing it allocates nothing.
     */
    Tensor intoGradBuffer(Tensor g) {
        Tensor b = gradBuffer;
        if (b == null || b.dtype != g.dtype || !Shapes.sameShape(b.shape, g.shape)) {
            b = g.copy();
            gradBuffer = b;
        } else {
            b.copyFrom(g);
        }
        return b;
    }

    /** Clears the gradient (under a {@link Workspace}, the next backward pass reuses its storage). */
    public void zeroGrad() {
        grad = null;
    }

    /** Asks a non-leaf tensor to keep its gradient after backward (for inspection and graph drawings). */
    public Tensor retainGrad() {
        retainsGrad = true;
        return this;
    }

    /** The same values cut off from the graph: gradients do not flow through the result. */
    public Tensor detach() {
        return new Tensor(dtype, shape, f, d).sharingStorageOf(this);
    }

    /** An independent copy of the values, cut off from the graph. */
    public Tensor copy() {
        return new Tensor(dtype, shape.clone(), f == null ? null : f.clone(), d == null ? null : d.clone());
    }

    /**
     * Backpropagates from this scalar: accumulates d(this)/d(leaf) into every leaf that requires grad. Graphs sharing
     * weights may run backward on several threads at once: each addition into a leaf's gradient is locked, so none is
     * lost (their order, and so the last bits of a float sum, follows thread timing). Fails if a value an op saved
     * was changed in place ({@link #setFlat}, {@link #copyFrom}) after the op used it.
     */
    public void backward() {
        Backprop.backward(this, null, false, false);
    }

    /** Backpropagates with an explicit upstream gradient of this tensor's shape (needed for non-scalars). */
    public void backward(Tensor upstream) {
        Backprop.backward(this, upstream, false, false);
    }

    /**
     * Backpropagates; {@code retainGraph} keeps the graph for another pass, {@code createGraph} records the backward
     * pass itself so the gradients can be differentiated again (it implies retainGraph).
     */
    public void backward(Tensor upstream, boolean retainGraph, boolean createGraph) {
        Backprop.backward(this, upstream, retainGraph || createGraph, createGraph);
    }

    /** Opens a scope in which ops record no graph; use with try-with-resources. */
    public static GradMode noGrad() {
        return new GradMode(false);
    }

    /** Opens a scope in which ops record the graph even inside a no-grad scope. */
    public static GradMode enableGrad() {
        return new GradMode(true);
    }

    /** Whether ops on this thread currently record the graph. */
    public static boolean isGradEnabled() {
        return GradMode.isEnabled();
    }

    /**
     * True when {@link #record} would attach nothing for these inputs (no input requires grad, or grad mode is off) and
     * check nothing (anomaly mode off): hot ops then return their result without building the backward rule and the
     * input array, which a backward pass would otherwise allocate for every op it runs. Like {@link #record}, it
     * refuses a stale workspace input first.
     */
    static boolean untracked(Tensor out, Tensor a, Tensor b) {
        checkInput(out, a);
        if (b != null) {
            checkInput(out, b);
        }
        return !AnomalyMode.enabled && (!a.requiresGrad && (b == null || !b.requiresGrad) || !GradMode.isEnabled());
    }

    /** True when the storage belongs to a {@link Workspace}. */
    boolean pooled() {
        return pool != null;
    }

    /** Marks this view as sharing {@code source}'s storage (and so its workspace, if any); returns this. */
    Tensor sharingStorageOf(Tensor source) {
        version = source.version;
        pool = source.pool;
        poolGeneration = source.poolGeneration;
        return this;
    }

    /**
     * Refuses an op input that is workspace storage from an earlier opening, or that the workspace has just handed to
     * the op's own result (the same tensor, kept past its step): either way its values are no longer the caller's.
     */
    private static void checkInput(Tensor out, Tensor in) {
        Workspace w = in.pool;
        if (w != null && (in == out || w.generation() != in.poolGeneration)) {
            throw new IllegalStateException("an op's input is a result of an earlier step of a Workspace, whose"
                    + " storage has been reused since it was opened again; keep values past a step with copy()");
        }
    }

    /**
     * Attaches a node to {@code out} when grad mode is on and an input requires grad; returns {@code out}. Every op
     * calls it (or {@link #untracked}), so it is also where a stale workspace input is refused.
     */
    static Tensor record(Tensor out, String op, Node.BackwardRule rule, Tensor... inputs) {
        for (Tensor in : inputs) {
            if (in != null) {
                checkInput(out, in);
            }
        }
        boolean anomaly = AnomalyMode.enabled; // the one volatile read anomaly detection costs when off
        if (anomaly) {
            AnomalyMode.checkForward(out, op, inputs);
        }
        if (!GradMode.isEnabled()) {
            return out;
        }
        for (Tensor in : inputs) {
            if (in != null && in.requiresGrad) {
                out.requiresGrad = true;
                Workspace w = Workspace.current();
                out.node = w == null ? new Node(op, inputs, rule, out, null, 0) : w.node(op, inputs, rule, out);
                if (anomaly) {
                    AnomalyMode.remember(out.node);
                }
                return out;
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ ops (see the op classes for the rules)

    public Tensor add(Tensor other) { return Arithmetic.add(this, other); }
    public Tensor add(double value) { return Arithmetic.add(this, constant(value)); }
    public Tensor sub(Tensor other) { return Arithmetic.sub(this, other); }
    public Tensor sub(double value) { return Arithmetic.sub(this, constant(value)); }
    public Tensor mul(Tensor other) { return Arithmetic.mul(this, other); }
    public Tensor mul(double value) { return Arithmetic.scale(this, value); }
    public Tensor div(Tensor other) { return Arithmetic.div(this, other); }
    public Tensor div(double value) { return Arithmetic.scale(this, 1.0 / value); }
    public Tensor neg() { return Arithmetic.scale(this, -1.0); }
    public Tensor pow(double exponent) { return Pointwise.pow(this, exponent); }
    public Tensor pow(Tensor exponent) { return Arithmetic.pow(this, exponent); }
    /** {@code value − this}. */
    public Tensor rsub(double value) { return Arithmetic.sub(constant(value), this); }
    /** {@code value / this}. */
    public Tensor rdiv(double value) { return Arithmetic.div(constant(value), this); }

    public Tensor exp() { return Pointwise.exp(this); }
    public Tensor log() { return Pointwise.log(this); }
    public Tensor sqrt() { return Pointwise.sqrt(this); }
    public Tensor abs() { return Pointwise.abs(this); }
    public Tensor sin() { return Pointwise.sin(this); }
    public Tensor cos() { return Pointwise.cos(this); }
    public Tensor tanh() { return Pointwise.tanh(this); }
    public Tensor sigmoid() { return Pointwise.sigmoid(this); }
    public Tensor relu() { return Pointwise.relu(this); }
    public Tensor leakyRelu(double slope) { return Pointwise.leakyRelu(this, slope); }
    /** log(1 + e^x), computed stably. */
    public Tensor softplus() { return Pointwise.softplus(this); }
    public Tensor clamp(double min, double max) { return Pointwise.clamp(this, min, max); }
    /** −1, 0 or 1 per element (no gradient). */
    public Tensor sign() { return Pointwise.sign(this); }

    /** Matrix product; 1-d operands are treated as row/column vectors, leading dimensions broadcast as batches. */
    public Tensor matmul(Tensor other) { return LinearAlgebra.matmul(this, other); }
    /** {@code this · otherᵀ} for 2-d tensors, without materialising the transpose. */
    public Tensor matmulTransposed(Tensor other) { return LinearAlgebra.matmulTransposedB(this, other); }
    /** {@code thisᵀ · other} for 2-d tensors, without materialising the transpose. */
    public Tensor transposedMatmul(Tensor other) { return LinearAlgebra.matmulTransposedA(this, other); }
    /** {@code this · weight + bias} for this [n, in], weight [in, out], bias [out], as one fused op (a fully connected layer). */
    public Tensor linear(Tensor weight, Tensor bias) { return LinearAlgebra.linear(this, weight, bias); }
    /**
     * Softmax cross-entropy of these logits [n, c] against {@code target} [n, c] (one-hot or probabilities), averaged
     * over rows: {@code −(1/n) Σ target·logSoftmax(this, 1)}, fused (its backward is (softmax − target)/n).
     */
    public Tensor softmaxCrossEntropy(Tensor target) { return Reductions.softmaxCrossEntropy(this, target); }
    /** {@code Σ (this − target)²} over all elements as one fused op (same shapes); a 0-d tensor. */
    public Tensor squaredDistance(Tensor target) { return Reductions.squaredDistance(this, target); }
    /**
     * 2-d convolution (cross-correlation) of this input [N, C, H, W] with {@code weight} [O, C/groups, kH, kW], plus
     * {@code bias} [O] (or null): [N, O, OH, OW] with OH = ⌊(H + 2·padding − dilation·(kH − 1) − 1)/stride⌋ + 1, as
     * PyTorch's {@code conv2d}.
     */
    public Tensor conv2d(Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
        return Convolutions.conv2d(this, weight, bias, stride, padding, dilation, groups);
    }
    /** The maximum of each kernel×kernel window of this [N, C, H, W] (padding never wins), as PyTorch's {@code max_pool2d}. */
    public Tensor maxPool2d(int kernel, int stride, int padding) { return Pools.maxPool2d(this, kernel, stride, padding); }
    /** The mean of each kernel×kernel window of this [N, C, H, W], padding counted as zeros, as PyTorch's {@code avg_pool2d}. */
    public Tensor avgPool2d(int kernel, int stride, int padding) { return Pools.avgPool2d(this, kernel, stride, padding); }
    /**
     * Batch normalization of this [N, C] or [N, C, H, W] per channel, as PyTorch's {@code batch_norm}: in training
     * with the batch's statistics, updating {@code runningMean} and {@code runningVar} in place; otherwise with them.
     */
    public Tensor batchNorm(Tensor weight, Tensor bias, Tensor runningMean, Tensor runningVar, boolean training,
                            double momentum, double epsilon) {
        return Normalization.batchNorm(this, weight, bias, runningMean, runningVar, training, momentum, epsilon);
    }
    public Tensor transpose(int axis1, int axis2) { return Movement.transpose(this, axis1, axis2); }
    /** The transpose of a 2-d tensor. */
    public Tensor t() {
        if (shape.length != 2) {
            throw new IllegalArgumentException("t: expected a 2-d tensor, got shape " + Shapes.str(shape));
        }
        return Movement.transpose(this, 0, 1);
    }
    public Tensor permute(int... axes) { return Movement.permute(this, axes); }
    /** The same values in a new shape; one dimension may be −1 (inferred). */
    public Tensor reshape(int... newShape) { return Movement.reshape(this, newShape); }
    /** A 1-d view of all values. */
    public Tensor flatten() { return Movement.reshape(this, numel()); }
    /** Inserts a dimension of size 1 at {@code axis}. */
    public Tensor unsqueeze(int axis) { return Movement.unsqueeze(this, axis); }
    /** Broadcasts to a larger shape (NumPy rules). */
    public Tensor expand(int... newShape) { return Movement.expand(this, newShape); }
    /** Sums broadcast dimensions away so the result has {@code targetShape} (the reverse of expand). */
    public Tensor sumTo(int... targetShape) { return Movement.sumTo(this, targetShape); }
    /** Elements {@code start ≤ i < end} along {@code axis}. */
    public Tensor slice(int axis, int start, int end) { return Movement.slice(this, axis, start, end, 1); }
    /** Elements start, start+step, … below end along {@code axis}. */
    public Tensor slice(int axis, int start, int end, int step) { return Movement.slice(this, axis, start, end, step); }
    /** The entries at {@code indices} along {@code axis}. */
    public Tensor indexSelect(int axis, int... indices) { return Movement.indexSelect(this, axis, indices); }
    /**
     * Picks along {@code axis} by index: the result has the index's shape and
     * {@code out[..i..] = this[..index[..i..]..]} (PyTorch's {@code gather}).
     */
    public Tensor gather(int axis, int[] index, int... indexShape) {
        return Movement.gather(this, axis, index, indexShape);
    }
    public Tensor to(DType target) { return Movement.convert(this, target); }
    public static Tensor concat(int axis, Tensor... tensors) { return Movement.concat(axis, tensors); }
    public static Tensor stack(int axis, Tensor... tensors) { return Movement.stack(axis, tensors); }
    /** Elementwise {@code mask ≠ 0 ? a : b}, broadcasting all three. */
    public static Tensor where(Tensor mask, Tensor a, Tensor b) { return Arithmetic.where(mask, a, b); }

    public Tensor sum() { return Reductions.sumAll(this); }
    public Tensor sum(int axis, boolean keepDim) { return Reductions.sum(this, axis, keepDim); }
    public Tensor mean() { return Reductions.sumAll(this).div(Math.max(1, numel())); }
    public Tensor mean(int axis, boolean keepDim) { return Reductions.sum(this, axis, keepDim).div(size(axis)); }
    public Tensor max() { return Reductions.extreme(flatten(), 0, false, true); }
    public Tensor max(int axis, boolean keepDim) { return Reductions.extreme(this, axis, keepDim, true); }
    public Tensor min() { return Reductions.extreme(flatten(), 0, false, false); }
    public Tensor min(int axis, boolean keepDim) { return Reductions.extreme(this, axis, keepDim, false); }
    public Tensor softmax(int axis) { return Reductions.softmax(this, axis); }
    public Tensor logSoftmax(int axis) { return Reductions.logSoftmax(this, axis); }
    /** log Σ e^x along {@code axis}, shifted by the maximum so it neither overflows nor underflows. */
    public Tensor logSumExp(int axis, boolean keepDim) { return Reductions.logSumExp(this, axis, keepDim); }
    /** Index of the largest entry along {@code axis} for every other position (first one on ties). */
    public int[] argmax(int axis) { return Reductions.argExtreme(this, axis, true); }

    public Tensor gt(double value) { return Arithmetic.compare(this, constant(value), Comparison.GT); }
    public Tensor lt(double value) { return Arithmetic.compare(this, constant(value), Comparison.LT); }
    public Tensor ge(double value) { return Arithmetic.compare(this, constant(value), Comparison.GE); }
    public Tensor le(double value) { return Arithmetic.compare(this, constant(value), Comparison.LE); }
    public Tensor eq(Tensor other) { return Arithmetic.compare(this, other, Comparison.EQ); }
    public Tensor gt(Tensor other) { return Arithmetic.compare(this, other, Comparison.GT); }
    public Tensor lt(Tensor other) { return Arithmetic.compare(this, other, Comparison.LT); }

    /** A 0-d constant of this tensor's dtype (an op's operand, so workspace storage when one is open). */
    Tensor constant(double value) {
        return scalarResult(value, dtype);
    }

    /** True if every element is finite (no NaN or infinity). */
    public boolean isFinite() {
        for (int i = 0, n = numel(); i < n; i++) {
            double v = at(i);
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                return false;
            }
        }
        return true;
    }

    /**
     * True if shapes and dtypes match and all values lie within {@code tolerance} of each other (NaN is close to
     * nothing). An F32 tensor is never close to an F64 one: convert one with {@link #to(DType)} to compare values.
     */
    public boolean allClose(Tensor other, double tolerance) {
        if (dtype != other.dtype || !Shapes.sameShape(shape, other.shape)) {
            return false;
        }
        for (int i = 0, n = numel(); i < n; i++) {
            if (!(Math.abs(at(i) - other.at(i)) <= tolerance)) {
                return false;
            }
        }
        return true;
    }

    /** PyTorch-like text: values (abbreviated when large), dtype when F64, and the op that made it. */
    @Override
    public String toString() {
        return TensorFormat.format(this);
    }
}
