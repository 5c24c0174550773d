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
 * <p>The blocks of all F32 parameters of a step are numbered in a row and, from {@link #PARALLEL_BLOCKS} of them on,
 * shared out between the kernel threads ({@link Parallelism}) in one job, each run of blocks with its own scratch
 * arrays; the rule is elementwise, so the result is bitwise the same for any thread count.
 */
abstract class ElementwiseOptimizer implements Optimizer {
    /** Elements per block of an F32 parameter: the two scratch arrays of this many doubles stay in the L1 cache. */
    static final int BLOCK = 1024;
    /**
     * From this many blocks in a step (all F32 parameters together) the update runs on all kernel threads, in one
     * job. {@link Parallelism}'s spinning workers take a job in well under a microsecond, so momentum SGD on config
     * c's 100k values (100 blocks, 0.2 ms) now gains from a second thread; below about 32k values (config a's 24k)
     * a loaded machine, whose second thread is often busy elsewhere, lost more waiting for it than it gained.
     */
    static final int PARALLEL_BLOCKS = 32;
    /** Runs of blocks per kernel thread: more than one, so a thread slowed by another process is caught up. */
    static final int CHUNKS_PER_THREAD = 4;

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
    private double chunkLearningRate;
    private int chunkBlocks;
    private int chunkCount;
    /** This step's gradient of each F32 parameter that has one (else null), and the number of its first block. */
    private final Tensor[] stepping;
    private final int[] firstBlock;
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
        this.stepping = new Tensor[slots.length];
        this.firstBlock = new int[slots.length];
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
        int blocks = 0;
        for (int i = 0; i < slots.length; i++) {
            Tensor p = parameters.get(i);
            Tensor grad = p.grad();
            stepping[i] = null;
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
                // F32: updated below, with the other F32 parameters, in one pass over all their blocks
                stepping[i] = grad;
                firstBlock[i] = blocks;
                blocks += slot.blocks.length;
                continue;
            }
            if (grad.doubleData() == null && slot.gradientCopy == null) {
                slot.gradientCopy = new double[x.length];
            }
            update(x, Flat.read(grad, slot.gradientCopy), slot.blocks[0], slot.step, x.length, lr);
        }
        if (blocks > 0) {
            updateAllBlocks(blocks, lr);
        }
        steps++;
    }

    /**
     * Updates the {@code blocks} blocks of the F32 parameters that have a gradient this step, numbered across
     * parameters in order: on the calling thread, or in {@link #CHUNKS_PER_THREAD} runs of blocks per kernel thread,
     * one fork and join for all parameters.
     */
    private void updateAllBlocks(int blocks, double lr) {
        int threads = Parallelism.threads();
        if (threads == 1 || blocks < PARALLEL_BLOCKS) {
            updateRange(0, blocks, lr, scratch[0][0], scratch[0][1]);
            Arrays.fill(stepping, null);
            return;
        }
        int chunks = Math.min(blocks, CHUNKS_PER_THREAD * threads);
        if (scratch.length < chunks) {
            double[][][] grown = Arrays.copyOf(scratch, chunks);
            for (int c = scratch.length; c < chunks; c++) {
                grown[c] = new double[][] {new double[BLOCK], new double[BLOCK]};
            }
            scratch = grown;
        }
        chunkBlocks = blocks;
        chunkCount = chunks;
        chunkLearningRate = lr;
        try {
            Parallelism.forEach(chunks, chunkTask);
        } finally {
            Arrays.fill(stepping, null);
        }
    }

    /** Chunk {@code c} of {@link #chunkCount}: a contiguous run of the step's blocks. */
    private void updateChunk(int c) {
        int from = (int) ((long) chunkBlocks * c / chunkCount);
        int to = (int) ((long) chunkBlocks * (c + 1) / chunkCount);
        double[][] own = scratch[c];
        updateRange(from, to, chunkLearningRate, own[0], own[1]);
    }

    /** Blocks {@code [from, to)} of the step's numbering (see {@link #updateAllBlocks}). */
    private void updateRange(int from, int to, double lr, double[] values, double[] gradients) {
        for (int i = 0; i < slots.length && from < to; i++) {
            Tensor grad = stepping[i];
            if (grad == null) {
                continue;
            }
            int first = firstBlock[i];
            int count = slots[i].blocks.length;
            if (from >= first + count) {
                continue;
            }
            int end = Math.min(to, first + count);
            updateBlocks(parameters.get(i), grad, slots[i], lr, from - first, end - first, values, gradients);
            from = end;
        }
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
