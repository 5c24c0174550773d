package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.tensor.Tensor;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry says of each optimizer what its instances do, and the faces' defaults agree because there is one. */
class OptimizerKindTest {

    @Test
    void eachKindCreatesWhatItDescribes() {
        for (OptimizerKind kind : OptimizerKind.values()) {
            List<Tensor> params = List.of(Tensor.zeros(3).requiresGrad(true));
            Optimizer optimizer = kind.create(params, 0.25);
            assertEquals(0.25, optimizer.learningRate(), kind.label());
            assertEquals(kind.reevaluatesLoss(), optimizer.reevaluatesLoss(), kind.label());
            assertEquals(kind.defaultLearningRate(), kind.create(params).learningRate(), kind.label());
            assertEquals(kind, OptimizerKind.parse(" " + kind.label().toUpperCase(java.util.Locale.ROOT) + " "));
        }
        assertEquals(OptimizerKind.values().length, new HashSet<>(OptimizerKind.labels()).size());
    }

    @Test
    void defaultLearningRatesAreTheTrainCommandsOnes() {
        assertEquals(3.0, OptimizerKind.SGD.defaultLearningRate(true));
        assertEquals(0.1, OptimizerKind.SGD.defaultLearningRate(false));
        assertEquals(3.0, OptimizerKind.GD.defaultLearningRate(true));
        assertEquals(0.3, OptimizerKind.MOMENTUM.defaultLearningRate(true));
        assertEquals(0.01, OptimizerKind.NESTEROV.defaultLearningRate(false));
        // RMSprop had 0.01 in one list and 0.001 in another; 0.001 is what `descent train` used
        assertEquals(0.001, OptimizerKind.RMSPROP.defaultLearningRate(true));
        assertEquals(0.001, OptimizerKind.RMSPROP.defaultLearningRate());
        assertEquals(1.0, OptimizerKind.LBFGS.defaultLearningRate());
    }

    @Test
    void fullBatchAndReevaluatingKinds() {
        assertTrue(OptimizerKind.GD.fullBatch() && OptimizerKind.LBFGS.fullBatch());
        assertFalse(OptimizerKind.SGD.fullBatch());
        assertTrue(OptimizerKind.LBFGS.reevaluatesLoss() && OptimizerKind.NEWTON.reevaluatesLoss());
        assertFalse(OptimizerKind.ADAM.reevaluatesLoss());
    }
}
