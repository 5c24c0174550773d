package dev.descent.optim.schedule;

import static dev.descent.optim.FixtureJson.doubles;
import static dev.descent.optim.FixtureJson.number;
import static dev.descent.optim.FixtureJson.object;
import static dev.descent.optim.FixtureJson.objects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.optim.FixtureJson;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Sgd;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every schedule in {@code fixtures/schedules.json} (torch.optim.lr_scheduler), to 1e-12 relative. */
class ScheduleFixtureTest {
    private static final Map<String, Object> FIXTURE = FixtureJson.load("schedules.json");
    private static final double BASE = number(FIXTURE, "base_lr");

    static Stream<Arguments> cases() {
        return objects(FIXTURE.get("schedules")).stream().map(c -> Arguments.of(c.get("name"), c));
    }

    private static Optimizer optimizer() {
        return Sgd.of(List.of(Tensor.zeros(DType.F64, 1).requiresGrad(true)), BASE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorch(String name, Map<String, Object> c) {
        double[] expected = doubles(c.get("lr"));
        Map<String, Object> p = object(c.get("params"));
        Optimizer optimizer = optimizer();
        if (name.equals("ReduceLROnPlateau")) {
            ReduceOnPlateau plateau = ReduceOnPlateau.of(new ReduceOnPlateau.Config(ReduceOnPlateau.Mode.MIN,
                    number(p, "factor"), (int) number(p, "patience"), number(p, "threshold"),
                    ReduceOnPlateau.ThresholdMode.REL, (int) number(p, "cooldown"), number(p, "min_lr"),
                    number(p, "eps")));
            double[] metrics = doubles(c.get("metrics"));
            double[] bad = doubles(c.get("num_bad_epochs"));
            double[] best = doubles(c.get("best"));
            plateau.apply(optimizer, 0, Double.NaN);
            assertEquals(number(c, "lr_initial"), optimizer.learningRate());
            for (int i = 0; i < metrics.length; i++) {
                plateau.apply(optimizer, i + 1, metrics[i]);
                assertClose(expected[i], optimizer.learningRate(), name + " lr after metric " + i);
                assertEquals((int) bad[i], plateau.badEpochs(), name + " bad epochs " + i);
                assertEquals(best[i], plateau.best(), name + " best " + i);
            }
            return;
        }
        LearningRateSchedule schedule = schedule(name, p);
        for (int t = 0; t < expected.length; t++) {
            schedule.apply(optimizer, t, Double.NaN);
            assertClose(expected[t], optimizer.learningRate(), name + " epoch " + t);
        }
        if (c.containsKey("lr_closed_form")) {
            double[] closed = doubles(c.get("lr_closed_form"));
            for (int t = 0; t < closed.length; t++) {
                assertClose(closed[t], schedule.learningRate(t), name + " closed form " + t);
            }
        }
    }

    private static LearningRateSchedule schedule(String name, Map<String, Object> p) {
        switch (name) {
            case "StepLR":
                return LearningRateSchedule.step(BASE, (int) number(p, "step_size"), number(p, "gamma"));
            case "MultiStepLR": {
                double[] m = doubles(p.get("milestones"));
                int[] milestones = new int[m.length];
                for (int i = 0; i < m.length; i++) {
                    milestones[i] = (int) m[i];
                }
                return LearningRateSchedule.multiStep(BASE, milestones, number(p, "gamma"));
            }
            case "ExponentialLR":
                return LearningRateSchedule.exponential(BASE, number(p, "gamma"));
            case "CosineAnnealingLR":
                return LearningRateSchedule.cosine(BASE, (int) number(p, "T_max"), number(p, "eta_min"));
            case "LinearLR":
                return LearningRateSchedule.linear(BASE, number(p, "start_factor"), number(p, "end_factor"),
                        (int) number(p, "total_iters"));
            case "CyclicLR triangular":
            case "CyclicLR triangular2":
                return LearningRateSchedule.cyclic(number(p, "base_lr"), number(p, "max_lr"),
                        (int) number(p, "step_size_up"), (int) number(p, "step_size_down"),
                        name.endsWith("2") ? LearningRateSchedule.CyclicMode.TRIANGULAR2
                                : LearningRateSchedule.CyclicMode.TRIANGULAR);
            case "SequentialLR": {
                List<Map<String, Object>> parts = objects(p.get("schedulers"));
                Map<String, Object> warm = object(parts.get(0).get("LinearLR"));
                Map<String, Object> cos = object(parts.get(1).get("CosineAnnealingLR"));
                int milestone = (int) doubles(p.get("milestones"))[0];
                return LearningRateSchedule.linear(BASE, number(warm, "start_factor"), number(warm, "end_factor"),
                                (int) number(warm, "total_iters"))
                        .then(milestone, LearningRateSchedule.cosine(BASE, (int) number(cos, "T_max"),
                                number(cos, "eta_min")));
            }
            default:
                throw new IllegalArgumentException("no schedule for fixture " + name);
        }
    }

    private static void assertClose(double expected, double actual, String what) {
        assertTrue(Math.abs(expected - actual) <= 1e-12 * Math.abs(expected) + 1e-15,
                what + ": expected " + expected + ", got " + actual);
    }

    @Test
    void everyFixtureScheduleIsTested() {
        assertEquals(9, objects(FIXTURE.get("schedules")).size());
    }

    @Test
    void constantAndToString() {
        Optimizer optimizer = optimizer();
        LearningRateSchedule.constant(0.05).apply(optimizer, 7, 1.0);
        assertEquals(0.05, optimizer.learningRate());
        assertEquals("Step(baseLr=0.1, stepSize=5, gamma=0.5)", LearningRateSchedule.step(0.1, 5, 0.5).toString());
        assertEquals("Linear(baseLr=0.1, startFactor=0.1, endFactor=1.0, totalEpochs=5) then(at 5) "
                        + "Cosine(baseLr=0.1, periodEpochs=25, minLr=0.0)",
                LearningRateSchedule.linear(0.1, 0.1, 1, 5).then(5, LearningRateSchedule.cosine(0.1, 25, 0))
                        .toString());
        assertEquals("ReduceOnPlateau(mode=MIN, factor=0.5, patience=2, threshold=1.0E-4, thresholdMode=REL, "
                + "cooldown=0, minLr=0.0, eps=1.0E-8)", ReduceOnPlateau.of(0.5, 2).toString());
    }

    @Test
    void cosineCanReachZero() {
        Optimizer optimizer = optimizer();
        LearningRateSchedule.cosine(0.1, 10, 0).apply(optimizer, 10, Double.NaN);
        assertEquals(0.0, optimizer.learningRate(), 1e-18);
    }

    @Test
    void plateauMaxModeAbsoluteThresholdCooldownAndMinLr() {
        Optimizer optimizer = optimizer();
        ReduceOnPlateau plateau = ReduceOnPlateau.of(new ReduceOnPlateau.Config(ReduceOnPlateau.Mode.MAX, 0.5, 0,
                0.01, ReduceOnPlateau.ThresholdMode.ABS, 1, 0.03, 1e-8));
        double[] accuracy = {0.5, 0.505, 0.505, 0.6, 0.6, 0.6, 0.6};
        double[] expected = {0.1, 0.05, 0.05, 0.05, 0.03, 0.03, 0.03};
        for (int i = 0; i < accuracy.length; i++) {
            plateau.step(optimizer, accuracy[i]);
            assertEquals(expected[i], optimizer.learningRate(), 1e-15, "epoch " + i);
        }
    }

    @Test
    void rejectsBadArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LearningRateSchedule.step(0.1, 0, 0.5));
        assertEquals("stepSize must be > 0, was 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.multiStep(0.1, new int[] {5, 3}, 0.1));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosine(0.1, 10, 0.2));
        assertThrows(IllegalArgumentException.class,
                () -> LearningRateSchedule.cyclic(0.1, 0.01, 4, 4, LearningRateSchedule.CyclicMode.TRIANGULAR));
        assertThrows(IllegalArgumentException.class, () -> ReduceOnPlateau.of(1.5, 2));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.exponential(0.1, 0.9).learningRate(-1));
    }
}
