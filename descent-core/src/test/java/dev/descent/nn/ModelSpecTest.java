package dev.descent.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The --model grammar: widths stay a perceptron; conv, pool and bn build a convolutional network. */
class ModelSpecTest {

    @Test
    void widthsStayAPerceptronExactlyAsMlpBuildsIt() {
        ModelSpec spec = ModelSpec.parse("784-30-10");
        assertFalse(spec.convolutional());
        assertEquals("784-30-10", spec.toString());
        assertArrayEquals(new int[] {784, 30, 10}, spec.widths());
        Sequential a = spec.build(Activation.sigmoid(), Activation.identity(), Init.STANDARD_NORMAL, DType.F32,
                Rng.of(1));
        Sequential b = Sequential.mlp(new int[] {784, 30, 10}, Activation.sigmoid(), Activation.identity(),
                Init.STANDARD_NORMAL, DType.F32, Rng.of(1));
        assertEquals(Architecture.describe(b), Architecture.describe(a));
        assertArrayEquals(b.stateDict().get("0.weight").toFloatArray(), a.stateDict().get("0.weight").toFloatArray());
    }

    @Test
    void convolutionalGrammarBuildsTheLayersItNames() {
        ModelSpec spec = ModelSpec.parse("conv8-pool-conv16k5-bn-pool-10");
        assertTrue(spec.convolutional());
        assertFalse(spec.hasInput());
        ModelSpec images = spec.withInput(28, 28);
        assertEquals("1x28x28-conv8-pool-conv16k5-bn-pool-10", images.toString());
        assertEquals(images, ModelSpec.parse(images.toString()));
        assertEquals(784, images.inputs());
        assertEquals(10, images.outputs());
        Sequential net = images.build(Activation.relu(), Activation.identity(), Init.HE_NORMAL, DType.F32, Rng.of(0));
        assertEquals("unflatten:1:28:28,conv2d:1:8:3:1:1:1:1:true,relu,maxpool:2:2:0,conv2d:8:16:5:1:2:1:1:true,"
                + "batchnorm2d:16:0.1:1.0E-5,relu,maxpool:2:2:0,flatten,linear:784:10", Architecture.describe(net));
        assertArrayEquals(new int[] {3, 10}, net.forward(Tensor.zeros(3, 784)).shape());
    }

    @Test
    void mistakesNameThePartAndTheRule() {
        assertMessage("conv8-pool", "'pool': the model must end with the output width");
        assertMessage("conv8-10-pool", "'pool': pooling comes before the linear layers' widths");
        assertMessage("conv8-pool-bn-10", "'bn': bn follows a convolution or a hidden width");
        assertMessage("conv0-10", "'conv0': sizes must be positive integers");
        assertMessage("convx-10", "'convx': expected convN, convNkK, pool, avgpool, bn or a width");
        assertMessage("784", "needs at least an input and an output width");
        var e = assertThrows(IllegalArgumentException.class,
                () -> ModelSpec.parse("conv8-pool-pool-pool-pool-pool-10").withInput(28, 28));
        assertTrue(e.getMessage().contains("shrink to nothing"), e.getMessage());
    }

    private static void assertMessage(String spec, String expected) {
        var e = assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse(spec));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
