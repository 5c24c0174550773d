package dev.descent.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineChartTest {

    @TempDir
    Path dir;

    private static LineChart loss() {
        return LineChart.of("Loss", "epoch", "loss",
                Series.of("train", new double[] {2.3, 1.1, 0.6, 0.4, 0.3}),
                Series.of("validation", new double[] {2.4, 1.3, 0.8, 0.7, 0.72}));
    }

    @Test
    void savesPngAndSvgOfTheRequestedSize() throws Exception {
        LineChart chart = loss().withSize(640, 400);
        chart.save(dir.resolve("loss.png"));
        chart.save(dir.resolve("loss.svg"));
        Images.assertPng(dir.resolve("loss.png"), 640, 400);
        String svg = Images.assertSvg(dir.resolve("loss.svg"), 640, 400);
        assertTrue(svg.contains("validation"), "legend text is kept as text");
    }

    @Test
    void extensionIsCaseInsensitiveAndParentsAreCreated() throws Exception {
        Path out = dir.resolve("a/b/LOSS.PNG");
        loss().save(out);
        Images.assertPng(out, 900, 560);
        try (Stream<Path> files = Files.list(out.getParent())) {
            assertEquals(List.of(out), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void rejectsUnknownExtensionsWithoutWriting() {
        Path out = dir.resolve("loss.jpg");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loss().save(out));
        assertTrue(e.getMessage().contains(".png or .svg"), e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void logAxesAndMarkersForARangeTest() throws Exception {
        double[] rates = {1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1};
        double[] loss = {2.3, 2.2, 1.5, 0.9, 1.4, 9.0};
        LineChart chart = LineChart.of("Learning-rate range test", "learning rate", "loss",
                Series.of("loss", rates, loss)).withLogX().withLogY().withMarkers();
        assertTrue(chart.logX() && chart.logY() && chart.markers());
        chart.save(dir.resolve("lr.png"));
        Images.assertPng(dir.resolve("lr.png"), 900, 560);
    }

    @Test
    void crossEntropyCurvesWithGaps() throws Exception {
        int n = 200;
        double[] a = new double[n];
        double[] pos = new double[n];
        double[] neg = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = (i + 0.5) / n;
            pos[i] = -Math.log(a[i]);
            neg[i] = -Math.log(1 - a[i]);
        }
        neg[n / 2] = Double.NaN; // a gap is allowed
        LineChart.of("Cross-entropy", "a", "cost", Series.of("−log(a)", a, pos), Series.of("−log(1−a)", a, neg))
                .save(dir.resolve("ce.svg"));
        Images.assertSvg(dir.resolve("ce.svg"), 900, 560);
    }

    @Test
    void logAxisRejectsNonPositiveValuesNamingTheSeries() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LineChart.of("t", "x", "y", Series.of("bad", new double[] {1, 0})).withLogY());
        assertTrue(e.getMessage().contains("bad"), e.getMessage());
    }

    @Test
    void rejectsMissingSeriesAndSillySizes() {
        assertThrows(IllegalArgumentException.class, () -> LineChart.of("t", "x", "y"));
        assertThrows(IllegalArgumentException.class, () -> LineChart.of("t", "x", "y", (Series) null));
        assertThrows(IllegalArgumentException.class, () -> loss().withSize(0, 400));
        assertThrows(IllegalArgumentException.class, () -> LineChart.of(null, "x", "y", loss().series()));
    }
}
