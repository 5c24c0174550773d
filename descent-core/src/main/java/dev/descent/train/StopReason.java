package dev.descent.train;

import java.util.List;

/**
 * Why {@link Trainer#fit} stopped, as data: the kind, its values (already formatted, in the order of the message
 * {@code stop.<kind>} in {@code dev.descent.text.Messages}) and, after a divergence, the epoch whose state was restored
 * (0: the initial values) and the diagnosis of the curve (null when the curve was too short or looked fine, so only
 * the blow-up itself speaks).
 */
public record StopReason(Kind kind, List<String> values, int restoredEpoch, Diagnosis diagnosis) {
    /** The ways a run ends. */
    public enum Kind {
        /** All epochs ran. Values: epochs. */
        COMPLETED,
        /** The training loss fell below the rule's limit. Values: loss, limit, epoch. */
        LOSS_BELOW,
        /** The gradient norm fell below the rule's limit. Values: norm, limit, epoch. */
        GRADIENT_BELOW,
        /** Early stopping. Values: patience, epoch. */
        NO_IMPROVEMENT,
        /** A callback asked to stop. Values: epoch. */
        REQUESTED,
        /** An epoch's mean loss was not finite. Values: loss, epoch. */
        DIVERGED_EPOCH,
        /** A step's loss was not finite or exploded. Values: loss, step, epoch, factor, reference loss. */
        DIVERGED_STEP
    }

    public StopReason {
        values = List.copyOf(values);
    }

    /** A stop that is not a divergence. */
    static StopReason of(Kind kind, String... values) {
        return new StopReason(kind, List.of(values), -1, null);
    }

    /** Whether the run diverged (and its parameters were rolled back). */
    public boolean diverged() {
        return kind == Kind.DIVERGED_EPOCH || kind == Kind.DIVERGED_STEP;
    }
}
