package dev.descent.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class GridTest {

    @Test
    void sampleIndexesValuesByXThenY() {
        Grid grid = Grid.sample((x, y) -> 10 * x + y, 0, 2, 0, 1, 3);
        assertEquals(3, grid.xs().length);
        assertEquals(20.5, grid.z()[2][1], 1e-12); // f(2, 0.5) = 20 + 0.5 → z[i=2][j=1]
        assertEquals(0.0, grid.min());
        assertEquals(21.0, grid.max());
        assertEquals(0.5, grid.minPositive());
    }

    @Test
    void bilinearInterpolationIsExactForBilinearFunctions() {
        Grid grid = Grid.sample((x, y) -> 2 * x - 3 * y + x * y, -1, 1, -1, 1, 5);
        assertEquals(2 * 0.3 - 3 * -0.7 + 0.3 * -0.7, grid.valueAt(0.3, -0.7), 1e-12);
        assertEquals(grid.valueAt(1, 1), grid.valueAt(5, 5), 1e-12); // clamped to the rectangle
    }

    @Test
    void rejectsBadShapesAndOrder() {
        double[] xs = {0, 1};
        double[] ys = {0, 1, 2};
        assertThrows(IllegalArgumentException.class, () -> Grid.of(xs, ys, new double[2][2]));
        assertThrows(IllegalArgumentException.class, () -> Grid.of(new double[] {1, 0}, ys, new double[2][3]));
        assertThrows(IllegalArgumentException.class, () -> Grid.of(xs, ys, new double[][] {
            {Double.NaN, Double.NaN, Double.NaN}, {Double.NaN, Double.NaN, Double.NaN}}));
        assertThrows(IllegalArgumentException.class, () -> Grid.sample((x, y) -> x, 1, 0, 0, 1, 10));
        assertThrows(IllegalArgumentException.class, () -> Grid.sample((x, y) -> x, 0, 1, 0, 1, 1));
    }
}
