package dev.descent.plot;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SurfaceChartTest {

    @TempDir
    Path dir;

    @Test
    void savesPngAndSvgWithAPath() throws Exception {
        Grid grid = Grid.sample(ContourChartTest::himmelblau, -5, 5, -5, 5, 41);
        SurfaceChart chart = SurfaceChart.of("Himmelblau", grid)
                .withPaths(Series.of("GD", new double[] {-4, -3.9, -3.8}, new double[] {0, -2, -3.2}))
                .withLabels("w1", "w2", "loss").withSize(640, 520);
        chart.save(dir.resolve("s.png"));
        chart.save(dir.resolve("s.svg"));
        Images.assertPng(dir.resolve("s.png"), 640, 520);
        Images.assertSvg(dir.resolve("s.svg"), 640, 520);
    }

    @Test
    void largeGridsAreThinnedAndAnyViewWorks() throws Exception {
        Grid grid = Grid.sample((x, y) -> Math.sin(x) * Math.cos(y), -3, 3, -3, 3, 301);
        SurfaceChart.of("waves", grid).withView(200, 60).save(dir.resolve("w.png"));
        SurfaceChart.of("waves", grid).withView(0, 90).save(dir.resolve("top.png"));
        Images.assertPng(dir.resolve("w.png"), 820, 680);
        Images.assertPng(dir.resolve("top.png"), 820, 680);
    }

    @Test
    void flatFunctionsAndNaNCellsDoNotBreakIt() throws Exception {
        Grid grid = Grid.sample((x, y) -> x > 0.5 ? Double.NaN : 1, 0, 1, 0, 1, 10);
        SurfaceChart.of("flat", grid).save(dir.resolve("flat.svg"));
        Images.assertSvg(dir.resolve("flat.svg"), 820, 680);
    }

    @Test
    void rejectsElevationOutsideZeroToNinety() {
        Grid grid = Grid.sample((x, y) -> x, 0, 1, 0, 1, 3);
        assertThrows(IllegalArgumentException.class, () -> SurfaceChart.of("t", grid).withView(0, 95));
        assertThrows(IllegalArgumentException.class, () -> SurfaceChart.of("t", grid).withView(Double.NaN, 30));
    }
}
