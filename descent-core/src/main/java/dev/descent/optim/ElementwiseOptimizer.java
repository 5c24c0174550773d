package dev.descent.optim;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import dev.descent.tensor.kernel.Parallelism;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * The common part of the first-order optimizers whose update of each element depends only on that element's value,
 * gradient and buffers: the parameter list, the learning rate, the lazily created per-parameter buffers and their
 * export. Subclasses write the update rule once, on {@code double}s.
 *
 * <p>Parameters are updated in their own storage, F64 ones directly. F32 ones go block by block: {@value #BLOCK}
 * values and gradients at a time are widened into two small scratch arrays the optimizer owns, updated, and rounded
 * back, so each value is rounded once, exactly as if the whole tensor were copied to double and back, but without a
 * copy the size of the parameter. Two things keep the rule's loop fast on JDK 17, whose JIT vectorizes a loop over
 * {@code double[]}s only when they share one index and not a loop that mixes float and double: the rule runs on
 * doubles, and an F32 parameter's buffers are stored in blocks of the same size, so block {@code j} of the values,
 * gradient and buffers are all indexed from 0. The buffers are F64 whatever the parameter's dtype.
 *
 * <p>A large F32 parameter's blocks are shared out between the kernel threads ({@link Parallelism}), each with its
 * own scratch arrays; the rule is elementwise, so the result is bitwise the same for any thread count.
 */
abstract class ElementwiseOptimizer implements Optimizer {
    /** Elements per block of an F32 parameter: the two scratch arrays of this many doubles stay in the L1 cache. */
    static final int BLOCK = 1024;
    /**
     * A parameter with at least this many blocks is updated on all kernel threads. Measured on 2 cores: Adam on
     * 670k values takes half the time on two threads, momentum SGD on 100k values takes longer (waking the workers
     * costs more than the loop).
     */
    static final int PARALLEL_BLOCKS = 128;

    private final List<Tensor> parameters;
    private final String[] bufferNames;
    private final Slot[] slots;
    /**
     * Scratch per chunk of blocks: {@code scratch[c][0]} values, {@code [c][1]} gradients. Chunk 0, the one a
     * serial update uses, is sized to the largest F32 parameter; more chunks are added when an update first runs
     * in parallel.
     */
    private double[][][] scratch;
    /** The parallel update's task and its arguments, kept in fields so a step allocates no lambda. */
    private final IntConsumer chunkTask = this::updateChunk;
    private Tensor chunkParameter;
    private Tensor chunkGradient;
    private Slot chunkSlot;
    private double chunkLearningRate;
    private int chunkCount;
    private double learningRate;
    private long steps;

    /**
     * One parameter's state: its buffers (named by {@code bufferNames}) in blocks, its step count, and for an F64
     * parameter with an F32 gradient a double copy of that gradient.
     */
    static final class Slot {
        /** {@code blocks[j][b]}: buffer b's elements from {@code j * BLOCK} on; an F64 parameter has one block. */
        final double[][][] blocks;
        long step;
        private double[] gradientCopy;

        Slot(int buffers, Tensor parameter) {
            int n = parameter.numel();
            int size = parameter.doubleData() != null ? n : BLOCK;
            int count = parameter.doubleData() != null ? 1 : (n + BLOCK - 1) / BLOCK;
            this.blocks = new double[count][buffers][];
            for (int j = 0; j < count; j++) {
                for (int b = 0; b < buffers; b++) {
                    blocks[j][b] = new double[Math.min(size, n - j * size)];
                }
            }
        }

        /** Buffer {@code b} as one new array. */
        double[] buffer(int b) {
            int n = 0;
            for (double[][] block : blocks) {
                n += block[b].length;
            }
            double[] out = new double[n];
            int offset = 0;
            for (double[][] block : blocks) {
                System.arraycopy(block[b], 0, out, offset, block[b].length);
                offset += block[b].length;
            }
            return out;
        }

        /** Replaces buffer {@code b} with {@code values}, as {@link #buffer} returns it. */
        void setBuffer(int b, double[] values) {
            int offset = 0;
            for (double[][] block : blocks) {
                System.arraycopy(values, offset, block[b], 0, block[b].length);
                offset += block[b].length;
            }
        }
    }

    ElementwiseOptimizer(List<Tensor> parameters, double learningRate, String... bufferNames) {
        this.parameters = Args.parameters(parameters);
        this.learningRate = Args.positive("learningRate", learningRate);
        this.bufferNames = bufferNames.clone();
        this.slots = new Slot[this.parameters.size()];
        int largest = 0;
        for (Tensor p : this.parameters) {
            if (p.floatData() != null) {
                largest = Math.max(largest, p.numel());
            }
        }
        int size = Math.min(BLOCK, largest);
        this.scratch = new double[][][] {{new double[size], new double[size]}};
    }

    /**
     * Updates {@code count} elements of one parameter: {@code x[i]} and {@code g[i]} are an element's value and
     * gradient and {@code buffers[b][i]} its buffers, for {@code i < count}; {@code step} counts this step (1 on the
     * first). Writes the new values into {@code x}; {@code g} is read only (it may be the gradient's live storage).
     */
    abstract void update(double[] x, double[] g, double[][] buffers, long step, int count, double learningRate);

    /** Fills a new block of buffers before its first update; zeros unless overridden (Adagrad's accumulator). */
    void initialize(double[][] buffers) {
    }

    @Override
    public final void step() {
        double lr = learningRate;
        for (int i = 0; i < slots.length; i++) {
            Tensor p = parameters.get(i);
            Tensor grad = p.grad();
            if (grad == null) {
                continue;
            }
            Slot slot = slots[i];
            if (slot == null) {
                slot = slots[i] = new Slot(bufferNames.length, p);
                for (double[][] block : slot.blocks) {
                    initialize(block);
                }
            }
            slot.step++;
            double[] x = p.doubleData();
            if (x == null) {
                updateInBlocks(p, grad, slot, lr);
                continue;
            }
            if (grad.doubleData() == null && slot.gradientCopy == null) {
                slot.gradientCopy = new double[x.length];
            }
            update(x, Flat.read(grad, slot.gradientCopy), slot.blocks[0], slot.step, x.length, lr);
        }
        steps++;
    }

    /** Updates the F32 parameter {@code p} block by block through the scratch arrays (see the class comment). */
    private void updateInBlocks(Tensor p, Tensor grad, Slot slot, double lr) {
        int threads = Parallelism.threads();
        if (threads > 1 && slot.blocks.length >= PARALLEL_BLOCKS) {
            updateInParallel(p, grad, slot, lr, threads);
            return;
        }
        updateBlocks(p, grad, slot, lr, 0, slot.blocks.length, scratch[0][0], scratch[0][1]);
    }

    private void updateBlocks(Tensor p, Tensor grad, Slot slot, double lr, int from, int to, double[] values,
                              double[] gradients) {
        int n = p.numel();
        for (int j = from; j < to; j++) {
            int offset = j * BLOCK;
            int count = Math.min(BLOCK, n - offset);
            Flat.readBlock(p, offset, count, values);
            Flat.readBlock(grad, offset, count, gradients);
            update(values, gradients, slot.blocks[j], slot.step, count, lr);
            Flat.writeBlock(values, count, p, offset);
        }
    }

    private void updateInParallel(Tensor p, Tensor grad, Slot slot, double lr, int chunks) {
        if (scratch.length < chunks) {
            double[][][] grown = Arrays.copyOf(scratch, chunks);
            for (int c = scratch.length; c < chunks; c++) {
                grown[c] = new double[][] {new double[BLOCK], new double[BLOCK]};
            }
            scratch = grown;
        }
        chunkParameter = p;
        chunkGradient = grad;
        chunkSlot = slot;
        chunkLearningRate = lr;
        chunkCount = chunks;
        try {
            Parallelism.forEach(chunks, chunkTask);
        } finally {
            chunkParameter = null;
            chunkGradient = null;
            chunkSlot = null;
        }
    }

    /** Chunk {@code c} of {@link #chunkCount}: a contiguous run of the current parameter's blocks. */
    private void updateChunk(int c) {
        int blocks = chunkSlot.blocks.length;
        int from = (int) ((long) blocks * c / chunkCount);
        int to = (int) ((long) blocks * (c + 1) / chunkCount);
        double[][] own = scratch[c];
        updateBlocks(chunkParameter, chunkGradient, chunkSlot, chunkLearningRate, from, to, own[0], own[1]);
    }

    @Override
    public final double learningRate() {
        return learningRate;
    }

    @Override
    public final void setLearningRate(double learningRate) {
        this.learningRate = Args.nonNegative("learningRate", learningRate);
    }

    @Override
    public final List<Tensor> parameters() {
        return parameters;
    }

    @Override
    public final Map<String, Tensor> state() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("step", Tensor.scalar(steps, DType.F64));
        out.put("learningRate", Tensor.scalar(learningRate, DType.F64));
        for (int i = 0; i < slots.length; i++) {
            Slot slot = slots[i];
            if (slot == null) {
                continue;
            }
            out.put(i + ".step", Tensor.scalar(slot.step, DType.F64));
            int[] shape = parameters.get(i).shape();
            for (int b = 0; b < bufferNames.length; b++) {
                out.put(i + "." + bufferNames[b], Tensor.of(slot.buffer(b), shape));
            }
        }
        return out;
    }

    @Override
    public final void loadState(Map<String, Tensor> state) {
        StateReader in = new StateReader(state, getClass().getSimpleName());
        long newSteps = in.count("step");
        double newLearningRate = in.has("learningRate") ? in.scalar("learningRate") : learningRate;
        Slot[] loaded = new Slot[slots.length];
        for (int i = 0; i < slots.length; i++) {
            if (!in.has(i + ".step")) {
                continue;
            }
            Tensor p = parameters.get(i);
            Slot slot = new Slot(bufferNames.length, p);
            slot.step = in.count(i + ".step");
            double[] values = new double[p.numel()];
            for (int b = 0; b < bufferNames.length; b++) {
                in.into(i + "." + bufferNames[b], values);
                slot.setBuffer(b, values);
            }
            loaded[i] = slot;
        }
        in.checkAllUsed();
        Args.nonNegative("learningRate", newLearningRate);
        System.arraycopy(loaded, 0, slots, 0, slots.length);
        steps = newSteps;
        learningRate = newLearningRate;
    }
}
