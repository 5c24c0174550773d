package dev.descent.train;

/**
 * When training stops before its last epoch: the epoch's training loss falls below {@code lossBelow}, the
 * gradient norm falls below {@code gradientNormBelow}, or the validation loss has not improved by
 * {@code minDelta} for {@code patience} epochs (early stopping). NaN thresholds and patience 0 switch a rule off.
 */
public record StopRules(double lossBelow, double gradientNormBelow, int patience, double minDelta) {
    public StopRules {
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be >= 0, was " + patience);
        }
        if (minDelta < 0) {
            throw new IllegalArgumentException("minDelta must be >= 0, was " + minDelta);
        }
    }

    /** Run every epoch. */
    public static StopRules none() {
        return new StopRules(Double.NaN, Double.NaN, 0, 0);
    }

    public StopRules withLossBelow(double threshold) {
        return new StopRules(threshold, gradientNormBelow, patience, minDelta);
    }

    public StopRules withGradientNormBelow(double threshold) {
        return new StopRules(lossBelow, threshold, patience, minDelta);
    }

    public StopRules withPatience(int epochs) {
        return new StopRules(lossBelow, gradientNormBelow, epochs, minDelta);
    }
}
