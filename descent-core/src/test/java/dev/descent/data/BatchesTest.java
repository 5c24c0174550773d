package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchesTest {
    private static final Dataset DATA = Generated.spirals(103, 3, 0.1, 7);

    private static List<Batch> all(Iterable<Batch> batches) {
        List<Batch> list = new ArrayList<>();
        batches.forEach(list::add);
        return list;
    }

    private static int[] order(List<Batch> batches) {
        return batches.stream().flatMapToInt(b -> Arrays.stream(b.indices())).toArray();
    }

    @Test
    void inOrderBatchesCoverEverythingWithASmallerLastBatch() {
        List<Batch> batches = all(DATA.batches(10));
        assertEquals(11, batches.size());
        assertEquals(11, DATA.batchCount(10, false));
        assertEquals(3, batches.get(10).size());
        assertArrayEquals(Dataset.range(0, 103), order(batches));
    }

    @Test
    void dropLastLeavesOutThePartialBatch() {
        List<Batch> batches = all(DATA.batches(10, true, 1, true));
        assertEquals(10, batches.size());
        assertEquals(10, DATA.batchCount(10, true));
        batches.forEach(b -> assertEquals(10, b.size()));
    }

    @Test
    void batchesHoldTheRowsTheirIndicesName() {
        for (Batch b : DATA.batches(16, true, 3, false)) {
            assertArrayEquals(new int[] {b.size(), 2}, b.inputs().shape());
            assertArrayEquals(new int[] {b.size(), 3}, b.targets().shape());
            float[] x = b.inputs().toFloatArray();
            float[] y = b.targets().toFloatArray();
            for (int k = 0; k < b.size(); k++) {
                int i = b.indices()[k];
                assertArrayEquals(DATA.example(i), Arrays.copyOfRange(x, 2 * k, 2 * k + 2));
                assertEquals(DATA.label(i), b.labels()[k]);
                assertEquals(1f, y[3 * k + DATA.label(i)]);
            }
        }
    }

    @Test
    void shufflingIsSeededAndCoversEveryExampleOnce() {
        int[] a = order(all(DATA.batches(8, true, 5, false)));
        int[] again = order(all(DATA.batches(8, true, 5, false)));
        int[] nextEpoch = order(all(DATA.batches(8, true, 5 + 1, false)));
        assertArrayEquals(a, again);
        assertFalse(Arrays.equals(a, nextEpoch));
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        assertArrayEquals(Dataset.range(0, 103), sorted);
        // iterating the same Iterable twice walks the same order
        Iterable<Batch> once = DATA.batches(8, true, 9, false);
        assertArrayEquals(order(all(once)), order(all(once)));
    }

    @Test
    void shuffledBatchIndicesAreTheIndicesOfTheShuffledBatches() {
        for (boolean dropLast : new boolean[] {false, true}) {
            List<Batch> batches = all(DATA.batches(8, true, 5, dropLast));
            List<int[]> indices = Dataset.shuffledBatchIndices(DATA.size(), 8, 5, dropLast);
            assertEquals(batches.size(), indices.size());
            for (int i = 0; i < batches.size(); i++) {
                assertArrayEquals(batches.get(i).indices(), indices.get(i));
            }
        }
    }

    @Test
    void regressionBatchesCarryTargetsAndNoLabels() {
        Dataset line = Generated.line(20, 2, 1, 0, 3);
        for (Batch b : line.batches(6, true, 1, false)) {
            assertNull(b.labels());
            float[] x = b.inputs().toFloatArray();
            float[] y = b.targets().toFloatArray();
            for (int k = 0; k < b.size(); k++) {
                assertEquals(2 * x[k] + 1, y[k], 1e-6);
            }
        }
    }

    @Test
    void batchSizeMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> DATA.batches(0));
        assertThrows(IllegalArgumentException.class, () -> DATA.batchCount(-1, false));
    }
}
