package dev.descent.optim.schedule;

import dev.descent.optim.Optimizer;

/**
 * Sets an optimizer's learning rate as training goes on. A trainer calls {@link #apply} once before every epoch
 * (or, for per-step schedules such as {@link LearningRateSchedule#cyclic cyclic}, before every batch step).
 * Two kinds: {@link LearningRateSchedule}, a pure function of the epoch, and {@link ReduceOnPlateau}, which reacts
 * to a validation metric.
 */
public interface Schedule {
    /**
     * Sets {@code optimizer}'s learning rate for epoch (or step) {@code t} = 0, 1, …; {@code metric} is the
     * validation metric of the epoch just finished ({@code Double.NaN} before the first, or when there is none).
     */
    void apply(Optimizer optimizer, int t, double metric);
}
