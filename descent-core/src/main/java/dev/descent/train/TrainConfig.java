package dev.descent.train;

/**
 * How to train: epochs, mini-batch size (the whole set for plain gradient descent: use {@code Integer.MAX_VALUE}),
 * the seed that fixes shuffling (epoch e shuffles with seed + e), whether to drop a last incomplete batch, and the
 * stopping rules.
 */
public record TrainConfig(int epochs, int batchSize, long seed, boolean dropLast, StopRules stopping) {
    public TrainConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, was " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        }
        if (stopping == null) {
            stopping = StopRules.none();
        }
    }

    /** Epochs and batch size with seed 0, no dropped batches and no early stopping. */
    public static TrainConfig of(int epochs, int batchSize) {
        return new TrainConfig(epochs, batchSize, 0, false, StopRules.none());
    }

    public TrainConfig withSeed(long newSeed) {
        return new TrainConfig(epochs, batchSize, newSeed, dropLast, stopping);
    }

    public TrainConfig withStopping(StopRules rules) {
        return new TrainConfig(epochs, batchSize, seed, dropLast, rules);
    }

    public TrainConfig withEpochs(int count) {
        return new TrainConfig(count, batchSize, seed, dropLast, stopping);
    }
}
