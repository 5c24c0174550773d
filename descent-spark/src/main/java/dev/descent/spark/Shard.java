package dev.descent.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import scala.Tuple2;

/**
 * The examples of one partition, kept as the executors' cache of the training set: their global indices (the row
 * numbers the trainer's batches name) in ascending order, features row-major, and labels or regression targets.
 * A batch's rows here are found by binary search, so a step costs its batch, not the partition.
 */
final class Shard implements Serializable {
    private static final long serialVersionUID = 1L;

    final long[] indices;
    final float[] features;
    final int featureCount;
    /** Class labels, or null for regression. */
    final int[] labels;
    /** Regression targets row-major, or null for classification. */
    final float[] targets;
    final int targetWidth;

    private Shard(long[] indices, float[] features, int featureCount, int[] labels, float[] targets, int targetWidth) {
        this.indices = indices;
        this.features = features;
        this.featureCount = featureCount;
        this.labels = labels;
        this.targets = targets;
        this.targetWidth = targetWidth;
    }

    /**
     * The shard of {@code examples}, in any order (rows are sorted by their global index); {@code classes} is the
     * number of classes, 0 for regression.
     */
    static Shard of(Iterator<Tuple2<Long, Example>> examples, int classes) {
        boolean classification = classes > 0;
        List<Tuple2<Long, Example>> rows = new ArrayList<>();
        examples.forEachRemaining(rows::add);
        rows.sort((a, b) -> Long.compare(a._1(), b._1()));
        int n = rows.size();
        int width = n == 0 ? 0 : rows.get(0)._2().features().length;
        int targetWidth = n == 0 || classification ? 0 : rows.get(0)._2().target().length;
        long[] indices = new long[n];
        float[] features = new float[n * width];
        int[] labels = classification ? new int[n] : null;
        float[] targets = classification ? null : new float[n * targetWidth];
        for (int i = 0; i < n; i++) {
            long index = rows.get(i)._1();
            Example e = rows.get(i)._2();
            if (e.features().length != width) {
                throw new IllegalArgumentException("row " + index + " has " + e.features().length
                        + " features, row " + rows.get(0)._1() + " has " + width);
            }
            indices[i] = index;
            System.arraycopy(e.features(), 0, features, i * width, width);
            if (classification) {
                if (e.label() < 0 || e.label() >= classes) {
                    throw new IllegalArgumentException("row " + index + " has label " + e.label() + ", expected 0.."
                            + (classes - 1));
                }
                labels[i] = e.label();
            } else {
                if (e.target().length != targetWidth) {
                    throw new IllegalArgumentException("row " + index + " has " + e.target().length
                            + " targets, row " + rows.get(0)._1() + " has " + targetWidth);
                }
                System.arraycopy(e.target(), 0, targets, i * targetWidth, targetWidth);
            }
        }
        return new Shard(indices, features, width, labels, targets, targetWidth);
    }

    /** The positions in this shard of those of {@code sortedBatch} (ascending global indices) that it holds. */
    int[] rowsOf(int[] sortedBatch) {
        int[] rows = new int[Math.min(sortedBatch.length, indices.length)];
        int count = 0;
        for (int g : sortedBatch) {
            int at = Arrays.binarySearch(indices, g);
            if (at >= 0) {
                rows[count++] = at;
            }
        }
        return Arrays.copyOf(rows, count);
    }

    int size() {
        return indices.length;
    }
}
