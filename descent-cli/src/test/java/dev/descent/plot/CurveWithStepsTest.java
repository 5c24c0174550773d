package dev.descent.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurveWithStepsTest {

    @TempDir
    Path dir;

    @Test
    void gradientDescentOnXSquaredPlusFive() throws Exception {
        double[] xs = {7, 5.6, 4.48, 3.584, 2.8672};
        CurveWithSteps chart = CurveWithSteps.of("x² + 5", x -> x * x + 5, xs);
        assertArrayEquals(new double[] {54, 36.36, 25.0704, 17.845056, 13.22083584}, chart.steps().y(), 1e-9);
        double[] curveX = chart.curve().x();
        assertTrue(curveX[0] < -7 && curveX[curveX.length - 1] > 7, "both sides of the minimum are shown");
        chart.save(dir.resolve("steps.png"));
        chart.withSize(500, 400).withLabels("w", "loss").save(dir.resolve("steps.svg"));
        Images.assertPng(dir.resolve("steps.png"), 860, 560);
        String svg = Images.assertSvg(dir.resolve("steps.svg"), 500, 400);
        assertTrue(svg.contains("x² + 5"), "the title is kept as text");
    }

    @Test
    void aSinglePointIsFine() throws Exception {
        CurveWithSteps.of("one", x -> x * x, 0).save(dir.resolve("one.png"));
        Images.assertPng(dir.resolve("one.png"), 860, 560);
    }

    @Test
    void rejectsMissingOrNonFiniteSteps() {
        assertThrows(IllegalArgumentException.class, () -> CurveWithSteps.of("t", x -> x));
        assertThrows(IllegalArgumentException.class, () -> CurveWithSteps.of("t", x -> x, 1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> CurveWithSteps.of("t", null, 1));
    }
}
