package dev.descent.data;

import dev.descent.tensor.Tensor;

/**
 * One mini-batch: {@code inputs} is F32 {@code [b, featureCount]}; {@code targets} is one-hot {@code [b, classes]}
 * for classification or {@code [b, targetWidth]} for regression; {@code labels} are the class indices (null for
 * regression); {@code indices} say which examples of the data set these are.
 */
public record Batch(Tensor inputs, Tensor targets, int[] labels, int[] indices) {

    /** The number of examples in this batch. */
    public int size() {
        return indices.length;
    }

    @Override
    public String toString() {
        return "Batch(" + indices.length + " examples, inputs " + java.util.Arrays.toString(inputs.shape())
                + ", targets " + java.util.Arrays.toString(targets.shape()) + ")";
    }
}
