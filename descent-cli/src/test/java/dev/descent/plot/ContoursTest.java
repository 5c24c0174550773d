package dev.descent.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ContoursTest {

    @Test
    void levelOfAParaboloidIsACircle() {
        Grid grid = Grid.sample((x, y) -> x * x + y * y, -2, 2, -2, 2, 81);
        double[][] line = Contours.line(grid, grid.z(), 1.0);
        int points = 0;
        for (int p = 0; p < line[0].length; p++) {
            if (!Double.isNaN(line[0][p])) {
                assertEquals(1.0, Math.hypot(line[0][p], line[1][p]), 0.01);
                points++;
            }
        }
        assertTrue(points > 100, "a closed circle of segments, had " + points + " points");
    }

    @Test
    void segmentsAreSeparatedByNaN() {
        Grid grid = Grid.sample((x, y) -> x, 0, 1, 0, 1, 3);
        double[][] line = Contours.line(grid, grid.z(), 0.25);
        // A vertical line x = 0.25 through the two cells of the first column: two segments, each "a, b, NaN".
        assertEquals(6, line[0].length);
        assertEquals(0.25, line[0][0], 1e-12);
        assertTrue(Double.isNaN(line[0][2]) && Double.isNaN(line[1][5]));
    }

    @Test
    void saddleCellsGiveTwoSegments() {
        Grid grid = Grid.of(new double[] {0, 1}, new double[] {0, 1}, new double[][] {{1, 0}, {0, 1}});
        double[][] line = Contours.line(grid, grid.z(), 0.5);
        assertEquals(6, line[0].length);
    }

    @Test
    void cellsWithNaNCornersAreSkipped() {
        Grid grid = Grid.of(new double[] {0, 1}, new double[] {0, 1}, new double[][] {{0, Double.NaN}, {1, 1}});
        assertEquals(0, Contours.line(grid, grid.z(), 0.5)[0].length);
    }
}
