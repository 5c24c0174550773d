package dev.descent.data;

import dev.descent.tensor.Tensor;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/** The mini-batches of a data set in a fixed order; each {@link #iterator()} walks the same order again. */
final class Batches implements Iterable<Batch> {
    private final Dataset dataset;
    private final int batchSize;
    private final int[] order;
    private final int end;

    Batches(Dataset dataset, int batchSize, int[] order, boolean dropLast) {
        checkBatchSize(batchSize);
        this.dataset = dataset;
        this.batchSize = batchSize;
        this.order = order;
        this.end = dropLast ? order.length - order.length % batchSize : order.length;
    }

    static void checkBatchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        }
    }

    @Override
    public Iterator<Batch> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < end;
            }

            @Override
            public Batch next() {
                if (next >= end) {
                    throw new NoSuchElementException();
                }
                int from = next;
                int to = Math.min(end, from + batchSize);
                next = to;
                int b = to - from;
                Tensor inputs = Tensor.of(dataset.gatherFeatures(order, from, to), b, dataset.featureCount());
                Tensor targets = Tensor.of(dataset.gatherTargets(order, from, to), b, dataset.targetWidth());
                return new Batch(inputs, targets, dataset.gatherLabels(order, from, to),
                        Arrays.copyOfRange(order, from, to));
            }
        };
    }
}
