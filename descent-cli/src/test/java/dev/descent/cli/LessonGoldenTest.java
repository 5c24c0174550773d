package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.cli.lesson.ChainRuleLesson;
import dev.descent.cli.lesson.ContourLesson;
import dev.descent.cli.lesson.LearningRatesLesson;
import dev.descent.cli.lesson.LocalMinimaLesson;
import dev.descent.cli.lesson.LossesLesson;
import dev.descent.cli.lesson.MnistLesson;
import dev.descent.cli.lesson.NeuronLesson;
import dev.descent.cli.lesson.NonlinearLesson;
import dev.descent.cli.lesson.OptimizersLesson;
import dev.descent.cli.lesson.ParabolaLesson;
import dev.descent.cli.lesson.QuadraticLesson;
import dev.descent.minimize.Trace;
import dev.descent.train.Diagnosis;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lessons' numbers against the tutorials' worked values (docs/golden-numbers.md), each computed by the engine. */
class LessonGoldenTest {
    private static final long SEED = 42;

    @Test
    void seed000QuadraticReachesZeroAtRateOneTenthAndOscillatesAtRateOne() {
        QuadraticLesson.Result r = QuadraticLesson.compute(SEED);
        assertTrue(r.start() >= 0 && r.start() <= 10_000);
        assertEquals(r.start(), QuadraticLesson.compute(SEED).start(), "same seed, same start");
        double expected = r.start() * Math.pow(0.8, 100); // x₁₀₀ = x₀·0.8¹⁰⁰ ≈ 2.04e-10·x₀
        assertEquals(expected, r.finalX(), Math.abs(expected) * 1e-12);
        assertEquals(5.0, r.finalCost(), 1e-9);
        assertEquals(100, r.good().steps());
        List<Trace.Point> flips = r.bad().points();
        for (int k = 0; k < flips.size(); k++) {
            assertEquals(k % 2 == 0 ? r.start() : -r.start(), flips.get(k).at()[0], 0.0);
        }
        assertEquals(Trace.Stop.OSCILLATING, r.bad().stop());
        assertTrue(r.text(false).contains("never converges"));
        assertTrue(r.text(true).contains("学习率"));
    }

    @Test
    void seed002ParabolaPrintsTheFourLinesAndNamesTheStopRule() {
        ParabolaLesson.Result r = ParabolaLesson.compute();
        assertEquals(List.of("x=0.480000, y=0.230400", "x=0.192000, y=0.036864", "x=0.076800, y=0.005898",
                "x=0.030720, y=0.000944"), r.lines());
        assertEquals(3, r.textRule().steps(), "J<1e-2 stops after the third line");
        assertTrue(r.text(false).contains("1e-3"));
    }

    @Test
    void seed002ChainRuleForwardAndBackward() {
        ChainRuleLesson.Forward f = ChainRuleLesson.forward(3, 4);
        assertEquals(18.0, f.x(), 0.0);
        assertEquals(9.0, f.y(), 0.0);
        assertEquals(162.0, f.z(), 0.0);
        assertEquals(9.0, f.dzdx(), 0.0);
        assertEquals(18.0, f.dzdy(), 0.0);
        assertEquals(18.0, f.dzdw(), 0.0);
        assertEquals(63.0, f.dzdb(), 0.0);
    }

    @Test
    void seed002ChainRuleDrivesZToTheTargetRecomputingPartials() {
        ChainRuleLesson.Result r = ChainRuleLesson.compute(150);
        assertEquals(3, r.drives().size());
        for (ChainRuleLesson.Drive d : r.drives()) {
            ChainRuleLesson.Round last = d.last();
            assertTrue(Math.abs(last.deltaZ()) < 1e-5, d.mode() + " ends with |Δz| < 1e-5");
            assertEquals(150, last.z(), 1e-5);
        }
        ChainRuleLesson.Drive b = r.drives().get(1);
        assertEquals(ChainRuleLesson.Mode.B_ONLY, b.mode());
        assertEquals(12.0 / 63, b.rounds().get(0).deltaB(), 1e-15, "first Δb = Δz/63");
        assertNotEquals(63.0, b.rounds().get(1).dzdb(), "∂z/∂b is recomputed at the new b");
        ChainRuleLesson.Round second = b.rounds().get(1);
        double x = 2 * second.w() + 3 * second.b();
        double y = 2 * second.b() + 1;
        assertEquals(3 * y + 2 * x, second.dzdb(), 1e-12, "∂z/∂b = 3y + 2x at the new point");
        ChainRuleLesson.Result other = ChainRuleLesson.compute(140);
        assertEquals(140, other.drives().get(2).last().z(), 1e-5);
    }

    @Test
    void seed002NonlinearReachesTheExactXNotTheTextsSlip() {
        NonlinearLesson.Result r = NonlinearLesson.compute(2.13);
        assertEquals(9.664409364, r.finalX(), 1e-9);
        assertEquals(Math.exp(2.13 * 2.13 / 2), r.exactX(), 0.0);
        assertEquals(2.13, r.rounds().get(r.rounds().size() - 1).c(), 1e-9);
        String text = r.text(false);
        assertTrue(text.contains("2.26845") && text.contains("9.6653"), text);
    }

    @Test
    void seed001NeuronDeltaRuleStepAtFullPrecision() {
        NeuronLesson.Result r = NeuronLesson.compute();
        assertEquals(0.07, r.h(), 1e-15);
        assertEquals(0.5174928576663897, r.output());
        assertEquals(-0.31749285766638974, r.error());
        assertEquals(0.24969399993066344, r.outputGradient());
        assertEquals(-0.07927606158013766, r.errorTerm());
        assertEquals(-0.003963803079006883, r.deltaW()[0]);
        assertEquals(-0.011891409237020648, r.deltaW()[1]);
    }

    @Test
    void seed002LossesAbsoluteAgainstSquaredAndTheSlowdown() {
        LossesLesson.Result r = LossesLesson.compute();
        assertEquals(3, r.absolute()[0], 1e-12);
        assertEquals(5, r.squared()[0], 1e-12);
        assertEquals(4, r.absolute()[1], 1e-12);
        assertEquals(8, r.squared()[1], 1e-12);
        assertEquals(4.0 / 3, r.absoluteRatio(), 1e-12);
        assertEquals(1.6, r.squaredRatio(), 1e-12);
        double start = 1 / (1 + Math.exp(-4)); // σ(2·1 + 2)
        assertEquals(start, r.quadratic().outputs()[0], 1e-12);
        assertTrue(r.quadratic().outputs()[50] > 0.95, "quadratic cost: still saturated after 50 epochs");
        assertTrue(r.crossEntropy().outputs()[50] < 0.2, "cross-entropy: learned fast");
        assertTrue(r.quadratic().outputs()[300] < 0.5, "quadratic cost learns eventually");
    }

    @Test
    void seed002ContourDescentEndsAtTheLeastSquaresCentre() {
        ContourLesson.Result r = ContourLesson.compute(SEED);
        double[] end = r.trace().last().at();
        assertEquals(r.leastSquares()[0], end[0], 1e-5);
        assertEquals(r.leastSquares()[1], end[1], 1e-5);
        assertEquals(2, r.leastSquares()[0], 0.2, "slope of the noisy line");
        assertEquals(3, r.leastSquares()[1], 0.2, "intercept of the noisy line");
    }

    @Test
    void seeds000And002LearningRatesAreDiagnosed() {
        LearningRatesLesson.Result r = LearningRatesLesson.compute(SEED);
        assertEquals(Diagnosis.Verdict.TOO_SMALL, r.runs().get(0).diagnosis().verdict());
        assertEquals(Diagnosis.Verdict.FINE, r.runs().get(1).diagnosis().verdict());
        assertEquals(Diagnosis.Verdict.TOO_LARGE_DIVERGING, r.runs().get(2).diagnosis().verdict());
        assertEquals(r.minimum(), r.runs().get(1).trace().last().value(), 1e-9);
    }

    @Test
    void seeds003And004LocalMinimaEachStartFindsAValley() {
        LocalMinimaLesson.Result r = LocalMinimaLesson.compute(SEED);
        for (LocalMinimaLesson.Landing l : r.himmelblau()) {
            assertTrue(l.minimum() >= 0, "every start reaches one of the four minima");
            assertTrue(l.trace().last().value() < 1e-10);
        }
        int reached = 0;
        for (int c : r.counts()) {
            reached += c > 0 ? 1 : 0;
        }
        assertTrue(reached >= 3, "the starts spread over several minima");
        Trace fromLeft = r.quartic().get(0);
        Trace fromRight = r.quartic().get(r.quartic().size() - 1);
        assertEquals(-1.300839566, fromLeft.last().at()[0], 1e-5, "x₀ = -2: global minimum");
        assertEquals(1.130901122, fromRight.last().at()[0], 1e-5, "x₀ = 2: trapped in the local minimum");
    }

    @Test
    void seed004OptimizersAgreeOnTheAnswer() {
        OptimizersLesson.Result r = OptimizersLesson.compute(SEED);
        OptimizersLesson.Answer closed = r.answers().get(2);
        for (OptimizersLesson.Answer a : r.answers()) {
            assertEquals(closed.w(), a.w(), 1e-8, a.method());
            assertEquals(closed.b(), a.b(), 1e-8, a.method());
        }
        assertTrue(r.answers().get(1).steps() <= 2, "Newton: one step lands, one confirms");
        assertTrue(r.answers().get(0).steps() > 10, "gradient descent needs many steps");
    }

    @Test
    void seed003NetworkHas13002Parameters() {
        assertEquals(784 * 16 + 16 + 16 * 16 + 16 + 16 * 10 + 10, 13_002);
        assertEquals(13_002, MnistLesson.network(SEED).parameterCount());
        MnistLesson.Result r = MnistLesson.compute(SEED, null, 1, 500, 200);
        assertEquals(13_002, r.parameters());
        assertTrue(r.testAccuracy() >= 0 && r.testAccuracy() <= 1);
        assertEquals(1, r.epochs().size());
    }
}
