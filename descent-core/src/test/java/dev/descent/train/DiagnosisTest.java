package dev.descent.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each verdict on a loss curve made for it, and the cases a user once saw misread. */
class DiagnosisTest {
    private static double[] constant(double value, int n) {
        double[] l = new double[n];
        Arrays.fill(l, value);
        return l;
    }

    @Test
    void everyVerdictIsReachedByTheCurveMadeForIt() {
        Set<Diagnosis.Verdict> reached = EnumSet.noneOf(Diagnosis.Verdict.class);
        for (Map.Entry<Diagnosis.Verdict, LossCurves.Curve> e : LossCurves.all().entrySet()) {
            Diagnosis d = e.getValue().diagnose();
            assertEquals(e.getKey(), d.verdict(), () -> Arrays.toString(e.getValue().losses()));
            reached.add(d.verdict());
        }
        assertEquals(EnumSet.allOf(Diagnosis.Verdict.class), reached);
    }

    @Test
    void tooLargeRateDiverges() {
        assertEquals(Diagnosis.Verdict.TOO_LARGE_DIVERGING, Diagnosis.of(LossCurves.descend(1.1, 30)).verdict());
        double[] nan = {1, 0.8, 0.7, Double.NaN, 0.5};
        Diagnosis d = Diagnosis.of(nan);
        assertEquals(Diagnosis.Verdict.TOO_LARGE_DIVERGING, d.verdict());
        assertEquals(3, d.firstNonFinite());
    }

    @Test
    void tinyRateIsTooSmall() {
        assertEquals(Diagnosis.Verdict.TOO_SMALL, Diagnosis.of(LossCurves.descend(0.002, 60)).verdict());
    }

    @Test
    void exactlyFlatLossAtChanceWithZeroGradientsIsNotLearningNotATooSmallRate() {
        // history.csv of a run that never moved: ln(10) every epoch, gradient norm 0
        double[] flat = constant(Math.log(10), 10);
        assertEquals(Diagnosis.Verdict.NOT_LEARNING, Diagnosis.of(flat).verdict());
        Diagnosis d = Diagnosis.of(flat, constant(0, 10), Double.NaN);
        assertEquals(Diagnosis.Verdict.NOT_LEARNING, d.verdict());
        assertEquals(0, d.gradientNorm());
        assertEquals(0, d.relativeDrop());
    }

    @Test
    void fallingToChanceLevelIsNotLearningOnceChanceIsKnown() {
        // train --model 784-100000-10: a high first loss, then ln(10) for ever; without the chance level it looks fine
        LossCurves.Curve c = LossCurves.all().get(Diagnosis.Verdict.NOT_LEARNING);
        assertEquals(Diagnosis.Verdict.FINE, Diagnosis.of(c.losses()).verdict());
        assertEquals(Diagnosis.Verdict.NOT_LEARNING, Diagnosis.of(c.losses(), new double[0], Math.log(10)).verdict());
        assertEquals(Math.log(10), c.diagnose().chanceLoss());
    }

    @Test
    void vanishedGradientBeforeTheLossFellIsNotLearning() {
        double[] slow = new double[30];
        for (int i = 0; i < slow.length; i++) {
            slow[i] = 1 - 0.001 * i;
        }
        assertEquals(Diagnosis.Verdict.TOO_SMALL, Diagnosis.of(slow).verdict());
        assertEquals(Diagnosis.Verdict.NOT_LEARNING, Diagnosis.of(slow, new double[] {1e-3, 1e-12}, Double.NaN).verdict());
        // a gradient that vanished after the loss fell is a finished run, not a stuck one
        double[] done = LossCurves.all().get(Diagnosis.Verdict.FINE).losses();
        assertEquals(Diagnosis.Verdict.FINE, Diagnosis.of(done, new double[] {1e-12}, Double.NaN).verdict());
    }

    @Test
    void vanishedGradientFarAboveZeroLossIsNotLearningEvenAfterAJitteryFall() {
        // saturated output units: the loss jumps about and falls a third, then the gradient is gone while the loss
        // sits at twice the loss of guessing (a too-wide sigmoid layer on the quadratic cost, chance 0.25)
        double[] saturated = new double[40];
        for (int i = 0; i < saturated.length; i++) {
            saturated[i] = 0.5 + 0.3 * Math.exp(-i / 10.0) + (i % 2 == 0 ? 0.02 : -0.02);
        }
        double[] gradients = {0.3, 1e-5, 1e-13};
        assertEquals(Diagnosis.Verdict.TOO_LARGE_OSCILLATING, Diagnosis.of(saturated, gradients, Double.NaN).verdict());
        assertEquals(Diagnosis.Verdict.NOT_LEARNING, Diagnosis.of(saturated, gradients, 0.25).verdict());
        // the same curve with its gradient alive stays a learning-rate question
        assertEquals(Diagnosis.Verdict.TOO_LARGE_OSCILLATING,
                Diagnosis.of(saturated, new double[] {0.3, 0.2}, 0.25).verdict());
    }

    @Test
    void fallThenRiseIsRisingLateWithTheLowestPoint() {
        Diagnosis d = LossCurves.all().get(Diagnosis.Verdict.RISING_LATE).diagnose();
        assertEquals(Diagnosis.Verdict.RISING_LATE, d.verdict());
        assertEquals(30, d.lowestAt());
    }

    @Test
    void jitteryPlateauIsTooLargeLate() {
        assertEquals(Diagnosis.Verdict.TOO_LARGE_LATE,
                LossCurves.all().get(Diagnosis.Verdict.TOO_LARGE_LATE).diagnose().verdict());
    }

    @Test
    void fewerThanFourPointsAreTooShort() {
        Diagnosis d = Diagnosis.of(new double[] {2.3, 1.1, 0.7});
        assertEquals(Diagnosis.Verdict.TOO_SHORT, d.verdict());
        assertEquals(3, d.points());
        assertEquals(Diagnosis.Verdict.TOO_SHORT, Diagnosis.of(new double[0]).verdict());
    }
}
