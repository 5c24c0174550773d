package dev.descent.train;

/** Hooks the trainer calls as it goes: for progress bars, logging, checkpoints and custom stopping. */
public interface Callback {
    /** After every optimizer step; {@code step} counts within the epoch from 1 to {@code stepsPerEpoch}. */
    default void onStep(int epoch, int step, int stepsPerEpoch, double loss) {
    }

    /** After every epoch, with its summary and the history so far. */
    default void onEpoch(EpochResult result, History history) {
    }

    /** Asked after every epoch; true stops training (e.g. on Ctrl-C). */
    default boolean shouldStop() {
        return false;
    }
}
