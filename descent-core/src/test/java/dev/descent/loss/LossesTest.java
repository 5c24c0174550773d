package dev.descent.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.autograd.GradCheck;
import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class LossesTest {
    private static Tensor t(double... v) {
        return Tensor.of(v, v.length);
    }

    @Test
    void seed002AbsoluteVersusSquaredErrors() {
        Tensor labels = t(1, 1, 1);
        assertEquals(3.0, Losses.l1().apply(t(1, 2, 3), labels).item() * 3, 1e-12);
        assertEquals(5.0, Losses.sse().apply(t(1, 2, 3), labels).item(), 1e-12);
        assertEquals(4.0, Losses.l1().apply(t(1, 3, 3), labels).item() * 3, 1e-12);
        assertEquals(8.0, Losses.sse().apply(t(1, 3, 3), labels).item(), 1e-12);
    }

    @Test
    void seed002CrossEntropyIsMinusLogA() {
        for (double a : new double[] {0.1, 0.5, 0.9}) {
            assertEquals(-Math.log(a), Losses.binaryCrossEntropy().apply(t(a), t(1)).item(), 1e-12);
            assertEquals(-Math.log(1 - a), Losses.binaryCrossEntropy().apply(t(a), t(0)).item(), 1e-12);
        }
    }

    @Test
    void knownValuesMatchPyTorchDefinitions() {
        Tensor p = t(0.5, 2.0, -1.0);
        Tensor y = t(0.0, 0.0, 0.0);
        assertEquals((0.25 + 4 + 1) / 3, Losses.mse().apply(p, y).item(), 1e-12);
        assertEquals((0.125 + 1.5 + 0.5) / 3, Losses.huber(1.0).apply(p, y).item(), 1e-12);
        assertEquals(0.5 * (0.25 + 4 + 1), Losses.quadratic().apply(p.reshape(1, 3), y.reshape(1, 3)).item(), 1e-12);
        Tensor logits = Tensor.of(new double[] {1, 2, 3, 1000, 0, -1000}, 2, 3);
        Tensor target = Tensor.oneHot(new int[] {2, 0}, 3, DType.F64);
        double row0 = -(3 - Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)));
        assertEquals(row0 / 2, Losses.crossEntropy().apply(logits, target).item(), 1e-12);
        double z = 30;
        assertEquals(Math.log1p(Math.exp(-z)), Losses.binaryCrossEntropyWithLogits().apply(t(z), t(1)).item(), 1e-14);
    }

    @Test
    void everyLossGradchecks() {
        Rng rng = Rng.of(5);
        Tensor p = Tensor.uniform(DType.F64, rng, 0.1, 0.9, 4, 3);
        Tensor y = Tensor.oneHot(new int[] {0, 2, 1, 1}, 3, DType.F64);
        for (String name : List.of("mse", "sse", "quadratic", "l1", "huber", "bce", "bce-logits", "cross-entropy")) {
            Loss loss = Loss.parse(name);
            GradCheck.Result r = GradCheck.check(xs -> loss.apply(xs[0], y), p);
            assertTrue(r.passed(), name + ": " + r);
        }
        Loss nll = Loss.parse("nll");
        assertTrue(GradCheck.check(xs -> nll.apply(xs[0].logSoftmax(1), y), p).passed());
    }

    @Test
    void shapeMismatchAndUnknownNamesAreClear() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.mse().apply(Tensor.zeros(2, 3), Tensor.zeros(3, 2)));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[3, 2]"));
        assertThrows(IllegalArgumentException.class, () -> Loss.parse("hinge"));
    }

    @Test
    void everyLossTakesAReductionLikePyTorch() {
        Tensor p = Tensor.of(new double[] {0.2, 0.7, 0.9, 0.4}, 2, 2);
        Tensor y = Tensor.oneHot(new int[] {1, 0}, 2, DType.F64);
        List<java.util.function.Function<Reduction, Loss>> all = List.of(Losses::mse, Losses::l1,
                r -> Losses.huber(1.0, r), Losses::binaryCrossEntropy, Losses::binaryCrossEntropyWithLogits);
        for (var make : all) {
            Tensor none = make.apply(Reduction.NONE).apply(p, y);
            assertEquals(4, none.numel());
            assertEquals(none.sum().item(), make.apply(Reduction.SUM).apply(p, y).item(), 1e-12);
            assertEquals(none.mean().item(), make.apply(Reduction.MEAN).apply(p, y).item(), 1e-12);
        }
        for (var make : List.<java.util.function.Function<Reduction, Loss>>of(Losses::crossEntropy,
                Losses::negativeLogLikelihood)) {
            Tensor rows = make.apply(Reduction.NONE).apply(p, y);
            assertEquals(2, rows.numel());
            assertEquals(rows.mean().item(), make.apply(Reduction.MEAN).apply(p, y).item(), 1e-12);
            assertEquals(rows.sum().item(), make.apply(Reduction.SUM).apply(p, y).item(), 1e-12);
        }
        double row0 = -(0.7 - Math.log(Math.exp(0.2) + Math.exp(0.7)));
        assertEquals(row0, Losses.crossEntropy(Reduction.NONE).apply(p, y).getFlat(0), 1e-12);
    }
}
