package dev.descent.autograd;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.nn.Linear;
import dev.descent.tensor.AnomalyException;
import dev.descent.tensor.AnomalyMode;
import dev.descent.tensor.DType;
import dev.descent.tensor.GradMode;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Anomaly detection finds the first NaN or infinity, forward or backward, and says which op made it and where. */
@SuppressWarnings("try")
class AnomalyTest {

    @Test
    void forwardNamesTheOpItsInputShapesAndTheLineThatCreatedIt() {
        Tensor x = Tensor.of(new float[] {1, 0, 2, 3}, 2, 2).requiresGrad(true);
        AnomalyException e;
        try (AnomalyMode detect = Anomaly.detect()) {
            e = assertThrows(AnomalyException.class, () -> x.log());
        }
        assertEquals("log", e.op());
        assertFalse(e.inBackward());
        assertEquals(List.of("[2, 2]"), e.inputShapes());
        assertTrue(e.createdAt().startsWith("dev.descent.autograd.AnomalyTest.lambda$"), e.createdAt());
        assertTrue(e.createdAt().contains("AnomalyTest.java:"), e.createdAt());
        assertTrue(e.getMessage().contains("-Infinity at index 1"), e.getMessage());
        assertTrue(e.getMessage().contains("from finite inputs"), e.getMessage());
    }

    @Test
    void forwardInsideALayerPointsAtTheLayerAndAtTheCallerOutsideDescent() {
        Linear layer = Linear.of(3, 2, Rng.of(1));
        layer.parameterTensors().get(0).setFlat(0, Float.POSITIVE_INFINITY);
        Tensor input = Tensor.of(new float[] {-1, 2, 3}, 1, 3);
        AnomalyException e;
        try (AnomalyMode detect = Anomaly.detect()) {
            e = assertThrows(AnomalyException.class, () -> layer.forward(input));
        }
        assertTrue(e.createdAt().startsWith("dev.descent.nn.Linear.forward(Linear.java:"), e.createdAt());
        assertTrue(e.createdAt().contains(", called from dev.descent.autograd.AnomalyTest"), e.createdAt());
        assertTrue(e.getMessage().contains("already non-finite"), e.getMessage());
    }

    @Test
    void backwardNamesTheOpWhoseRuleMadeTheBadGradient() {
        // sqrt(0) = 0 is fine; its derivative 1/(2·sqrt(0)) is not.
        Tensor x = Tensor.of(new double[] {4, 0, 1}, 3).requiresGrad(true);
        AnomalyException e;
        try (AnomalyMode detect = Anomaly.detect()) {
            Tensor y = x.sqrt().sum();
            e = assertThrows(AnomalyException.class, y::backward);
        }
        assertEquals("sqrt", e.op());
        assertTrue(e.inBackward());
        assertEquals(List.of("[3]"), e.inputShapes());
        assertTrue(e.createdAt().contains("AnomalyTest.backwardNamesTheOpWhoseRuleMadeTheBadGradient(AnomalyTest.java:"),
                e.createdAt());
        assertTrue(e.getMessage().contains("Infinity at index 1"), e.getMessage());
        assertTrue(e.getMessage().contains("the upstream gradient was finite"), e.getMessage());
    }

    @Test
    void offByDefaultAndAfterTheScope() {
        assertFalse(Anomaly.isEnabled());
        try (AnomalyMode outer = Anomaly.detect()) {
            try (AnomalyMode inner = Anomaly.detect()) {
                assertTrue(Anomaly.isEnabled());
            }
            assertTrue(Anomaly.isEnabled(), "scopes nest");
        }
        assertFalse(Anomaly.isEnabled());
        Tensor x = Tensor.of(new double[] {0}, 1).requiresGrad(true);
        Tensor y = assertDoesNotThrow(() -> x.sqrt().sum());
        y.backward();
        assertEquals(Double.POSITIVE_INFINITY, x.grad().getFlat(0));
    }

    @Test
    void checksValuesComputedWithoutAGraphToo() {
        Tensor big = Tensor.full(DType.F32, 1e30, 2);
        try (AnomalyMode detect = Anomaly.detect(); GradMode off = Tensor.noGrad()) {
            AnomalyException e = assertThrows(AnomalyException.class, () -> big.mul(big));
            assertTrue(e.getMessage().contains("Infinity"), e.getMessage());
        }
    }

    @Test
    void finiteTrainingStepsPassUntouched() {
        Linear layer = Linear.of(3, 2, Rng.of(2));
        Tensor input = Tensor.randn(Rng.of(3), 4, 3);
        Tensor plain = layer.forward(input).tanh().sum();
        plain.backward();
        Tensor expected = layer.parameterTensors().get(0).grad().copy();
        layer.parameterTensors().forEach(Tensor::zeroGrad);
        try (AnomalyMode detect = Anomaly.detect()) {
            layer.forward(input).tanh().sum().backward();
        }
        assertTrue(expected.allClose(layer.parameterTensors().get(0).grad(), 0.0));
    }
}
