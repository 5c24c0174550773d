package dev.descent.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeatmapChartTest {

    @TempDir
    Path dir;

    @Test
    void confusionMatrixWithCountsInCells() throws Exception {
        HeatmapChart chart = HeatmapChart.confusion("Confusion", List.of("cat", "dog", "bird"),
                new int[][] {{50, 3, 1}, {4, 45, 0}, {2, 7, 38}});
        assertEquals("predicted", chart.xLabel());
        chart.save(dir.resolve("cm.png"));
        chart.save(dir.resolve("cm.svg"));
        Images.assertPng(dir.resolve("cm.png"), chart.width(), chart.height());
        String svg = Images.assertSvg(dir.resolve("cm.svg"), chart.width(), chart.height());
        assertTrue(svg.contains(">45<") && svg.contains("bird"), "counts and labels are written");
    }

    @Test
    void generalTableWithFractions() throws Exception {
        HeatmapChart.of("weights", List.of("a", "b"), List.of("x", "y", "z"),
                new double[][] {{0.1, 0.25, -0.5}, {1, Double.NaN, 0}}).save(dir.resolve("w.png"));
        Images.assertPng(dir.resolve("w.png"), 760, 640);
    }

    @Test
    void rejectsShapesThatDoNotMatchTheLabels() {
        assertThrows(IllegalArgumentException.class,
                () -> HeatmapChart.confusion("t", List.of("a", "b"), new int[][] {{1, 2}}));
        assertThrows(IllegalArgumentException.class,
                () -> HeatmapChart.confusion("t", List.of("a", "b"), new int[][] {{1, 2}, {3}}));
        assertThrows(IllegalArgumentException.class,
                () -> HeatmapChart.confusion("t", List.of("a"), new int[][] {{-1}}));
    }
}
