package dev.descent.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContourChartTest {

    @TempDir
    Path dir;

    static double himmelblau(double x, double y) {
        return Math.pow(x * x + y - 11, 2) + Math.pow(x + y * y - 7, 2);
    }

    private static ContourChart landscape() {
        Grid grid = Grid.sample(ContourChartTest::himmelblau, -5, 5, -5, 5, 61);
        return ContourChart.of("Himmelblau", grid)
                .withPaths(Series.of("SGD", new double[] {-4, -3.9, -3.8}, new double[] {0, -2, -3.2}),
                        Series.of("Adam", new double[] {1, 2, 3}, new double[] {4, 3, 2}))
                .withMarks(Mark.of("minimum", 3, 2), Mark.of("", -2.805, 3.131));
    }

    @Test
    void savesPngAndSvgWithPathsAndMarks() throws Exception {
        ContourChart chart = landscape().withLogLevels().withSize(700, 600);
        chart.save(dir.resolve("c.png"));
        chart.save(dir.resolve("c.svg"));
        Images.assertPng(dir.resolve("c.png"), 700, 600);
        String svg = Images.assertSvg(dir.resolve("c.svg"), 700, 600);
        assertTrue(svg.contains("data:image/png;base64"), "the color field is one embedded image");
        assertTrue(svg.contains("Adam") && svg.contains("minimum"));
    }

    @Test
    void linearLevelsWithoutPaths() throws Exception {
        Grid grid = Grid.sample((x, y) -> x * x + 3 * y * y, -1, 1, -1, 1, 30);
        ContourChart.of("bowl", grid).withLevels(8).withLabels("w1", "w2").save(dir.resolve("bowl.png"));
        Images.assertPng(dir.resolve("bowl.png"), 820, 680);
    }

    @Test
    void logLevelsSpanFromTheSmallestPositiveValue() {
        Grid grid = Grid.of(new double[] {0, 1}, new double[] {0, 1}, new double[][] {{0, 0.01}, {1, 100}});
        ValueScale scale = ValueScale.of(grid, true);
        assertEquals(-2, scale.lower(), 1e-12);
        assertEquals(2, scale.upper(), 1e-12);
        assertEquals(-2, scale.apply(0), 1e-12); // clamped at the floor
    }

    @Test
    void rejectsLogLevelsForNonPositiveFunctionsAndBadLevelCounts() {
        Grid negative = Grid.sample((x, y) -> -1 - x * x, -1, 1, -1, 1, 5);
        assertThrows(IllegalArgumentException.class, () -> ContourChart.of("t", negative).withLogLevels());
        assertThrows(IllegalArgumentException.class, () -> landscape().withLevels(-1));
        assertThrows(IllegalArgumentException.class, () -> landscape().withPaths((Series) null));
        assertThrows(IllegalArgumentException.class, () -> ContourChart.of("t", null));
    }
}
