package dev.descent.train;

/**
 * Training examples that live outside this process (on a Spark cluster, in descent-spark), and the one thing a
 * {@link Trainer} needs from them: the loss and gradient of a mini-batch at the model's current parameters. The
 * trainer draws the batches as it does for a local data set ({@link dev.descent.data.Dataset#shuffledBatchIndices}),
 * steps its optimizer here and keeps the history, callbacks and checkpoints as for a local run.
 */
public interface BatchGradients extends AutoCloseable {
    /** The number of training examples; they are numbered 0 to size − 1. */
    int size();

    /** Whether the examples carry class labels, so that accuracy is counted. */
    boolean isClassification();

    /**
     * Sets the gradient of every parameter of the model this was made for to the gradient of the loss over the
     * examples at {@code indices} (as the loss reduces one batch: mean or sum), at the parameters' current values,
     * and returns that loss and how many of the examples the model classified correctly (0 for regression).
     */
    Result compute(int[] indices);

    /** Releases what the examples hold (cached data, a cluster connection); nothing by default. */
    @Override
    default void close() {
    }

    /** One batch's loss and the number of its examples classified correctly. */
    record Result(double loss, long correct) {
    }
}
