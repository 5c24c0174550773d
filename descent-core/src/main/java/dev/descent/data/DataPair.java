package dev.descent.data;

/**
 * A training set and a test set of the same kind of examples, as {@link DataSources#resolve} returns them, and for a
 * CSV file the {@link Csv.Summary} of reading it ({@code null} for other sources).
 */
public record DataPair(Dataset train, Dataset test, Csv.Summary csv) {

    /** Checks that both sets are present and have the same features and classes. */
    public DataPair {
        if (train == null || test == null) {
            throw new IllegalArgumentException("train and test must not be null");
        }
        if (train.featureCount() != test.featureCount() || train.classes() != test.classes()
                || train.targetWidth() != test.targetWidth()) {
            throw new IllegalArgumentException("train " + train + " and test " + test + " do not match");
        }
    }

    /** A pair not read from a CSV file. */
    public DataPair(Dataset train, Dataset test) {
        this(train, test, null);
    }
}
