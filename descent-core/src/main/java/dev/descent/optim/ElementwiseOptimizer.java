package dev.descent.optim;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The common part of the first-order optimizers whose update of each element depends only on that element's value,
 * gradient and buffers: the parameter list, the learning rate, the lazily created per-parameter buffers and their
 * export. Subclasses write the update rule once, on {@code double[]} (see {@link Flat}).
 */
abstract class ElementwiseOptimizer implements Optimizer {
    private final List<Tensor> parameters;
    private final String[] bufferNames;
    private final Slot[] slots;
    private double learningRate;
    private long steps;

    /** One parameter's state: its buffers (named by {@code bufferNames}), its step count, and F32 scratch arrays. */
    static final class Slot {
        final double[][] buffers;
        long step;
        final double[] values;
        double[] grads;

        Slot(int buffers, Tensor parameter) {
            this.buffers = new double[buffers][parameter.numel()];
            this.values = Flat.scratchFor(parameter);
        }
    }

    ElementwiseOptimizer(List<Tensor> parameters, double learningRate, String... bufferNames) {
        this.parameters = Args.parameters(parameters);
        this.learningRate = Args.positive("learningRate", learningRate);
        this.bufferNames = bufferNames.clone();
        this.slots = new Slot[this.parameters.size()];
    }

    /**
     * Updates one parameter in place. {@code x} are its values (written back afterwards), {@code g} its gradient
     * (read only: it may be the gradient tensor's live storage), {@code slot.step} already counts this step.
     */
    abstract void update(double[] x, double[] g, Slot slot, double learningRate);

    /** Fills a new slot's buffers before its first update; zeros unless overridden (Adagrad's accumulator). */
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
                initialize(slot.buffers);
            }
            if (grad.doubleData() == null && slot.grads == null) {
                slot.grads = new double[grad.numel()];
            }
            double[] x = Flat.read(p, slot.values);
            double[] g = Flat.read(grad, slot.grads);
            slot.step++;
            update(x, g, slot, lr);
            Flat.write(x, p);
        }
        steps++;
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
                out.put(i + "." + bufferNames[b], Tensor.of(slot.buffers[b], shape));
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
            for (int b = 0; b < bufferNames.length; b++) {
                in.into(i + "." + bufferNames[b], slot.buffers[b]);
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
