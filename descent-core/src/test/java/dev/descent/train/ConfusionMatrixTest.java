package dev.descent.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
    @Test
    void countsTruePredictedPairs() {
        ConfusionMatrix cm = ConfusionMatrix.of(new int[] {0, 1, 1}, new int[] {0, 1, 0}, 2);
        assertArrayEquals(new int[][] {{1, 0}, {1, 1}}, cm.counts());
    }

    @Test
    void aLabelOutsideTheClassesNamesTheExampleInsteadOfAnIndexError() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.of(new int[] {0, 5}, new int[] {0, 1}, 3));
        assertTrue(e.getMessage().contains("example 1 has label 5") && e.getMessage().contains("0 to 2"),
                e.getMessage());
        var p = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.of(new int[] {0}, new int[] {-1}, 3));
        assertTrue(p.getMessage().contains("prediction -1"), p.getMessage());
    }

    @Test
    void theClassCountIsBoundedBeforeAllocatingClassesSquared() {
        // label 65535 once made a 65536 x 65536 matrix: 17 GB
        var e = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.of(new int[] {65_535}, new int[] {0}, 65_536));
        assertTrue(e.getMessage().contains("65536 classes") && e.getMessage().contains("1 to 1000"),
                e.getMessage());
    }
}
