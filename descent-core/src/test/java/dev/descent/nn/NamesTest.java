package dev.descent.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.loss.LossKind;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

/** The registries of activations, initializers and losses: each name, and each other name, means one entry. */
class NamesTest {

    @Test
    void activationsByNameAndOtherNames() {
        for (Activation.Kind k : Activation.Kind.values()) {
            assertEquals(k, Activation.Kind.parse(k.label()));
            assertEquals(k, k.create().kind());
            assertEquals(k.label(), Activation.parse(k.label().toUpperCase(java.util.Locale.ROOT)).label());
        }
        assertEquals(Activation.Kind.LEAKY_RELU, Activation.Kind.parse("leaky_relu"));
        assertEquals(Activation.Kind.IDENTITY, Activation.Kind.parse("linear"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Activation.parse("swish")).getMessage()
                .startsWith("unknown activation 'swish'; expected one of sigmoid, tanh, relu"));
    }

    @Test
    void initializersByNameAndForEachActivation() {
        for (Init i : Init.values()) {
            assertEquals(i, Init.parse(i.label()));
            assertEquals(i, Init.parse(i.name()));
        }
        assertEquals(Init.values().length, new HashSet<>(Init.labels()).size());
        assertEquals(Init.XAVIER_UNIFORM, Init.parse("glorot"));
        assertEquals(Init.HE_NORMAL, Init.parse("kaiming-normal"));
        assertEquals(Init.STANDARD_NORMAL, Init.forActivation(Activation.Kind.SIGMOID));
        assertEquals(Init.HE_NORMAL, Init.forActivation(Activation.Kind.LEAKY_RELU));
        assertEquals(Init.XAVIER_UNIFORM, Init.forActivation(Activation.Kind.TANH));
    }

    @Test
    void lossesByNameAndWhatTheyExpect() {
        for (LossKind k : LossKind.values()) {
            assertEquals(k, LossKind.parse(k.label()));
            assertEquals(k.label(), k.create().name());
        }
        assertEquals(LossKind.CROSS_ENTROPY, LossKind.parse("CE"));
        assertEquals(LossKind.BCE_LOGITS, LossKind.parse("bce_with_logits"));
        assertTrue(LossKind.QUADRATIC.squaredError() && LossKind.SSE.squaredError() && !LossKind.L1.squaredError());
        assertTrue(LossKind.CROSS_ENTROPY.takesLogits() && !LossKind.BCE.takesLogits());
        assertTrue(LossKind.NLL.takesLogProbabilities());
    }
}
