package dev.descent.optim.schedule;

import dev.descent.optim.Optimizer;
import dev.descent.tensor.Tensor;
import java.util.Map;

/**
 * Sets an optimizer's learning rate as training goes on. A trainer calls {@link #apply} once before every epoch
 * (or, for per-step schedules such as {@link LearningRateSchedule#cyclic cyclic}, before every batch step).
 * Two kinds: {@link LearningRateSchedule}, a pure function of the epoch, and {@link ReduceOnPlateau}, which reacts
 * to a validation metric. A schedule that keeps state exports it as named tensors for checkpoints, as optimizers do,
 * so that a resumed run continues it.
 */
public interface Schedule {
    /**
     * Sets {@code optimizer}'s learning rate for epoch (or step) {@code t} = 0, 1, …; {@code metric} is the
     * validation metric of the epoch just finished ({@code Double.NaN} before the first, or when there is none).
     */
    void apply(Optimizer optimizer, int t, double metric);

    /** A copy of the schedule's state as named 0-d F64 tensors; empty for schedules that are a function of t. */
    default Map<String, Tensor> state() {
        return Map.of();
    }

    /** Replaces the state with one exported by {@link #state()} of a schedule of the same kind. */
    default void loadState(Map<String, Tensor> state) {
    }
}
