package dev.descent.optim.schedule;

import dev.descent.optim.Optimizer;

/**
 * A learning rate that depends only on the epoch (or step) t = 0, 1, …: {@code learningRate(t)} is the rate in
 * effect during epoch t, which is what PyTorch's {@code get_last_lr()} reports after t calls of
 * {@code scheduler.step()}. Closed forms are used throughout; PyTorch computes some schedules recursively, which
 * agrees to rounding (≈1e-16, see {@link #cosine}). Each schedule takes its base learning rate explicitly.
 */
@FunctionalInterface
public interface LearningRateSchedule extends Schedule {

    /** The learning rate for epoch (or step) {@code t ≥ 0}. */
    double learningRate(int t);

    /** Sets the optimizer's learning rate to {@link #learningRate(int) learningRate(t)}; the metric is unused. */
    @Override
    default void apply(Optimizer optimizer, int t, double metric) {
        optimizer.setLearningRate(learningRate(t));
    }

    /**
     * This schedule for epochs before {@code milestone}, then {@code next} restarted at its epoch 0 (PyTorch's
     * {@code SequentialLR}): e.g. a linear warm-up then cosine annealing.
     */
    default LearningRateSchedule then(int milestone, LearningRateSchedule next) {
        return new Schedules.Sequential(this, milestone, next);
    }

    /** The same rate every epoch. */
    static LearningRateSchedule constant(double learningRate) {
        return new Schedules.Constant(learningRate);
    }

    /** {@code baseLr · gamma^⌊t / stepSize⌋} (PyTorch's {@code StepLR}). */
    static LearningRateSchedule step(double baseLr, int stepSize, double gamma) {
        return new Schedules.Step(baseLr, stepSize, gamma);
    }

    /** {@code baseLr · gamma^(number of milestones ≤ t)} (PyTorch's {@code MultiStepLR}); milestones increasing. */
    static LearningRateSchedule multiStep(double baseLr, int[] milestones, double gamma) {
        return new Schedules.MultiStep(baseLr, milestones, gamma);
    }

    /** {@code baseLr · gamma^t} (PyTorch's {@code ExponentialLR}). */
    static LearningRateSchedule exponential(double baseLr, double gamma) {
        return new Schedules.Exponential(baseLr, gamma);
    }

    /**
     * Cosine annealing without restarts (Loshchilov &amp; Hutter, "SGDR", ICLR 2017):
     * {@code minLr + (baseLr − minLr) · (1 + cos(π t / periodEpochs)) / 2}. Past {@code periodEpochs} the cosine
     * continues, so the rate rises again with period 2·periodEpochs, as PyTorch's {@code CosineAnnealingLR} does.
     * PyTorch updates the rate recursively (each epoch from the last); this closed form (its
     * {@code _get_closed_form_lr}) agrees with it to 4.4e-16 on the reference fixture.
     */
    static LearningRateSchedule cosine(double baseLr, int periodEpochs, double minLr) {
        return new Schedules.Cosine(baseLr, periodEpochs, minLr);
    }

    /**
     * Linear warm-up (PyTorch's {@code LinearLR}): the factor goes linearly from {@code startFactor} at t = 0 to
     * {@code endFactor} at t = {@code totalEpochs} and stays there: {@code baseLr · (startFactor + (endFactor −
     * startFactor) · min(t, totalEpochs) / totalEpochs)}.
     */
    static LearningRateSchedule linear(double baseLr, double startFactor, double endFactor, int totalEpochs) {
        return new Schedules.Linear(baseLr, startFactor, endFactor, totalEpochs);
    }

    /** The two cyclic policies of Smith (2017). */
    enum CyclicMode {
        /** Every cycle goes from minLr to maxLr and back. */
        TRIANGULAR,
        /** As TRIANGULAR, with the amplitude halved every cycle. */
        TRIANGULAR2
    }

    /**
     * Cyclical learning rates (Smith, "Cyclical Learning Rates for Training Neural Networks", WACV 2017; PyTorch's
     * {@code CyclicLR} without momentum cycling), applied per batch step: the rate climbs linearly from
     * {@code minLr} to {@code maxLr} over {@code stepsUp} steps and falls back over {@code stepsDown}.
     */
    static LearningRateSchedule cyclic(double minLr, double maxLr, int stepsUp, int stepsDown, CyclicMode mode) {
        return new Schedules.Cyclic(minLr, maxLr, stepsUp, stepsDown, mode);
    }
}
