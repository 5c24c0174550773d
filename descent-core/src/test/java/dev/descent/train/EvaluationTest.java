package dev.descent.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.Dataset;
import dev.descent.data.Generated;
import dev.descent.loss.Losses;
import dev.descent.nn.Mlp;
import dev.descent.nn.Sequential;
import dev.descent.tensor.DType;
import org.junit.jupiter.api.Test;

class EvaluationTest {
    @Test
    void ofModelAndDataIsCrossEntropyForClassesAndMseForTargets() {
        Dataset moons = Generated.moons(50, 0.1, 3);
        Sequential classifier = Mlp.of(2, 5, 2).withDType(DType.F64).withSeed(1).build();
        Evaluation shortForm = Evaluation.of(classifier, moons);
        Evaluation longForm = Evaluation.of(classifier, moons, Losses.crossEntropy(), 1000, DType.F64);
        assertEquals(longForm.loss(), shortForm.loss(), 0.0);
        assertEquals(longForm.accuracy(), shortForm.accuracy(), 0.0);
        Dataset line = Generated.line(40, 2, 1, 0.1, 3);
        Sequential regressor = Mlp.of(1, 4, 1).withSeed(2).build();
        assertEquals(Evaluation.of(regressor, line, Losses.mse(), 1000, DType.F32).loss(),
                Evaluation.of(regressor, line).loss(), 0.0);
    }

    @Test
    void nullModelOrDataNamesTheParameter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Evaluation.of(null, Generated.moons(4, 0.1, 1)));
        assertTrue(e.getMessage().contains("model is null") && e.getMessage().contains("Evaluation.of(model, data.test())"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Evaluation.of(Sequential.mlp(2, 2), null));
        assertTrue(e.getMessage().contains("data is null"), e.getMessage());
        Sequential model = Sequential.mlp(2, 2);
        e = assertThrows(IllegalArgumentException.class, () -> Trainer.of(model, Losses.crossEntropy(), null,
                TrainConfig.of(1, 1)));
        assertTrue(e.getMessage().contains("optimizer is null; pass e.g. Adam.of(model.parameterTensors(), 0.01)"),
                e.getMessage());
    }
}
