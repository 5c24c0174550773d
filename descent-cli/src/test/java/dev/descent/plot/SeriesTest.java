package dev.descent.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SeriesTest {

    @Test
    void valuesPerEpochCountFromOne() {
        Series s = Series.of("train", new double[] {3, 2, 1});
        assertArrayEquals(new double[] {1, 2, 3}, s.x());
        assertArrayEquals(new double[] {3, 2, 1}, s.y());
        assertEquals(3, s.size());
    }

    @Test
    void arraysAreCopiedInAndOut() {
        double[] x = {1, 2};
        double[] y = {3, 4};
        Series s = Series.of("a", x, y);
        x[0] = 99;
        s.y()[0] = 99;
        assertArrayEquals(new double[] {1, 2}, s.x());
        assertArrayEquals(new double[] {3, 4}, s.y());
        assertEquals(Series.of("a", new double[] {1, 2}, new double[] {3, 4}), s);
    }

    @Test
    void rejectsMismatchedLengthsNamingTheSeries() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Series.of("adam", new double[] {1, 2}, new double[] {1}));
        assertTrue(e.getMessage().contains("adam"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Series.of(null, new double[0], new double[0]));
    }

    @Test
    void markRejectsNonFinitePoints() {
        assertThrows(IllegalArgumentException.class, () -> Mark.of("start", Double.NaN, 0));
        assertEquals(2.0, Mark.of("", 2, 3).x());
    }
}
