package dev.descent.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BarChartTest {

    @TempDir
    Path dir;

    @Test
    void probabilitiesHighlightTheMostProbableClass() throws Exception {
        BarChart chart = BarChart.probabilities("p", List.of("0", "1", "2", "3"), new double[] {0.1, 0.2, 0.6, 0.1});
        assertEquals(2, chart.highlight());
        assertEquals(1.0, chart.yMax());
        chart.save(dir.resolve("p.png"));
        chart.save(dir.resolve("p.svg"));
        Images.assertPng(dir.resolve("p.png"), 820, 520);
        Images.assertSvg(dir.resolve("p.svg"), 820, 520);
    }

    @Test
    void plainBarsWithNegativeValues() throws Exception {
        BarChart.of("gradients", List.of("w1", "w2", "b"), new double[] {0.5, -1.25, 3}).withLabels("parameter", "")
                .save(dir.resolve("g.png"));
        Images.assertPng(dir.resolve("g.png"), 820, 520);
    }

    @Test
    void rejectsMismatchedOrNonFiniteValues() {
        assertThrows(IllegalArgumentException.class, () -> BarChart.of("t", List.of("a"), new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> BarChart.of("t", List.of("a"), new double[] {Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> BarChart.probabilities("t", List.of("a"), null));
    }
}
