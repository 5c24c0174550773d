package dev.descent.train;

import dev.descent.nn.Module;
import dev.descent.tensor.Tensor;
import java.util.Map;

/**
 * What a {@link Trainer} needs to continue a run where it stopped: the model's weights, the optimizer's and the
 * schedule's state as named tensors, and the history so far. {@code dev.descent.io.Checkpoint} is the one on disk.
 */
public interface SavedRun {
    /** The model with the saved weights. */
    Module model();

    /** The optimizer's state as {@link dev.descent.optim.Optimizer#state()} exported it. */
    Map<String, Tensor> optimizerState();

    /**
     * The schedule's state as {@link dev.descent.optim.schedule.Schedule#state()} exported it; empty when the
     * schedule keeps none or the run was saved before schedules saved their state.
     */
    Map<String, Tensor> scheduleState();

    /** The epochs and steps done. */
    History history();
}
