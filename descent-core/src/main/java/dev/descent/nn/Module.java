package dev.descent.nn;

import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A differentiable function with learnable parameters: {@code forward} maps a batch to a batch, {@code parameters}
 * names what an optimizer may move. Containers prefix their children's names ("0.weight").
 */
public interface Module {
    /** Computes the output for a batch of inputs, recording the graph when grad mode is on. */
    Tensor forward(Tensor input);

    /** The learnable parameters with their names, in a stable order. */
    default List<Parameter> parameters() {
        return List.of();
    }

    /**
     * Tensors the module keeps besides its parameters, e.g. batch norm's running statistics: saved in checkpoints
     * and state dicts, moved by no optimizer (PyTorch's buffers).
     */
    default List<Buffer> buffers() {
        return List.of();
    }

    /**
     * Switches between training behaviour (dropout active, batch norm on batch statistics) and evaluation behaviour,
     * as PyTorch's {@code train()} and {@code eval()}. Modules start in training mode.
     */
    default void setTraining(boolean training) {
    }

    /** True in training mode; modules that behave the same in both modes always say true. */
    default boolean isTraining() {
        return true;
    }

    /** The parameter tensors alone, for optimizers. */
    default List<Tensor> parameterTensors() {
        List<Tensor> out = new ArrayList<>();
        for (Parameter p : parameters()) {
            out.add(p.value());
        }
        return out;
    }

    /** Total number of learnable numbers (13,002 for 784-16-16-10). */
    default long parameterCount() {
        long n = 0;
        for (Parameter p : parameters()) {
            n += p.value().numel();
        }
        return n;
    }

    /** Clears every parameter's gradient. */
    default void zeroGrad() {
        for (Parameter p : parameters()) {
            p.value().zeroGrad();
        }
    }
}
