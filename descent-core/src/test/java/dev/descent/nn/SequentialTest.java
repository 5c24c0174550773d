package dev.descent.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.autograd.GradCheck;
import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequentialTest {

    @Test
    void seed003NetworkHas13002Parameters() {
        Sequential net = Sequential.mlp(new int[] {784, 16, 16, 10}, Activation.sigmoid(), Activation.sigmoid(),
                Init.STANDARD_NORMAL, DType.F32, Rng.of(1));
        assertEquals(13_002, net.parameterCount());
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"),
                net.parameters().stream().map(Parameter::name).toList());
    }

    @Test
    void nielsenNetworkHas23860Parameters() {
        Sequential net = Sequential.mlp(new int[] {784, 30, 10}, Activation.sigmoid(), Activation.sigmoid(),
                Init.STANDARD_NORMAL, DType.F32, Rng.of(1));
        assertEquals(23_860, net.parameterCount());
    }

    @Test
    void sameSeedSameWeights() {
        Sequential a = Sequential.mlp(new int[] {5, 4, 3}, Activation.relu(), Activation.identity(), Init.HE_UNIFORM,
                DType.F32, Rng.of(9));
        Sequential b = Sequential.mlp(new int[] {5, 4, 3}, Activation.relu(), Activation.identity(), Init.HE_UNIFORM,
                DType.F32, Rng.of(9));
        for (int i = 0; i < a.parameters().size(); i++) {
            assertArrayEquals(a.parameterTensors().get(i).toFloatArray(), b.parameterTensors().get(i).toFloatArray());
        }
    }

    @Test
    void mlpGradientsCheckInF64() {
        Sequential net = Sequential.mlp(new int[] {3, 4, 2}, Activation.tanh(), Activation.sigmoid(),
                Init.XAVIER_NORMAL, DType.F64, Rng.of(3));
        Tensor x = Tensor.normal(DType.F64, Rng.of(4), 0, 1, 5, 3);
        Linear first = (Linear) net.layers().get(0);
        GradCheck.Result r = GradCheck.check(xs -> xs[0].matmul(xs[1]).add(xs[2]).tanh().sum(),
                x, first.weight().detach(), first.bias().detach());
        assertTrue(r.passed(), r.toString());
        Tensor out = net.forward(x);
        assertArrayEquals(new int[] {5, 2}, out.shape());
    }

    @Test
    void architectureRoundTrip() {
        Sequential net = Sequential.of(Linear.of(4, 3, Rng.of(1)), Activation.relu(), Dropout.of(0.25, Rng.of(2)),
                Linear.of(3, 2, Rng.of(3)), Activation.softmax());
        String spec = Architecture.describe(net);
        assertEquals("linear:4:3,relu,dropout:0.25,linear:3:2,softmax", spec);
        assertEquals(spec, Architecture.describe(Architecture.build(spec, DType.F32, Rng.of(0))));
        assertThrows(IllegalArgumentException.class, () -> Architecture.build("linear:4", DType.F32, Rng.of(0)));
    }

    @Test
    void dropoutIsIdentityInEvaluation() {
        Dropout d = Dropout.of(0.5, Rng.of(1));
        Tensor x = Tensor.ones(1000);
        double trainMean = d.forward(x).mean().item();
        assertEquals(1.0, trainMean, 0.1);
        d.setTraining(false);
        assertEquals(1000.0, d.forward(x).sum().item());
    }

    @Test
    void wrongInputWidthIsNamed() {
        Linear l = Linear.of(784, 30, Rng.of(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> l.forward(Tensor.zeros(2, 700)));
        assertTrue(e.getMessage().contains("784"), e.getMessage());
    }

    @Test
    void mlpOfWidthsIsReluBetweenAndLogitsOut() {
        Sequential net = Sequential.mlp(784, 30, 10);
        assertEquals("linear:784:30,relu,linear:30:10", Architecture.describe(net));
        assertEquals(DType.F32, net.parameterTensors().get(0).dtype());
        Sequential tanh = Mlp.of(2, 8, 8, 3).withActivation(Activation.tanh()).withOutput(Activation.sigmoid())
                .withInit(Init.XAVIER_UNIFORM).withDType(DType.F64).withSeed(4).build();
        assertEquals("linear:2:8,tanh,linear:8:8,tanh,linear:8:3,sigmoid", Architecture.describe(tanh));
        assertEquals(DType.F64, tanh.parameterTensors().get(0).dtype());
        Sequential same = Sequential.mlp(new int[] {2, 8, 8, 3}, Activation.tanh(), Activation.sigmoid(),
                Init.XAVIER_UNIFORM, DType.F64, Rng.of(4));
        assertArrayEquals(same.parameterTensors().get(2).toDoubleArray(), tanh.parameterTensors().get(2).toDoubleArray());
    }

    @Test
    void nullWhereAnObjectIsRequiredNamesTheParameterAndTheRightCall() {
        IllegalArgumentException output = assertThrows(IllegalArgumentException.class,
                () -> Sequential.mlp(new int[] {2, 3}, Activation.relu(), null, Init.HE_NORMAL, DType.F32, Rng.of(1)));
        assertTrue(output.getMessage().contains("output is null") && output.getMessage().contains("Activation.identity()"),
                output.getMessage());
        IllegalArgumentException hidden = assertThrows(IllegalArgumentException.class,
                () -> Mlp.of(2, 3).withActivation(null));
        assertTrue(hidden.getMessage().contains("activation is null") && hidden.getMessage().contains("Activation.relu()"),
                hidden.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Sequential.mlp(5));
        assertMessage("layer 1 is null; pass modules such as Linear.of(2, 16, Rng.of(0)) or Activation.relu()",
                () -> Sequential.of(Linear.of(2, 3, Rng.of(1)), null));
        assertMessage("Linear.of: rng is null; e.g. Linear.of(2, 3, Rng.of(0))", () -> Linear.of(2, 3, null));
    }

    @Test
    void stateDictIsPyTorchsLayoutAndLoadsBack() {
        Sequential net = Mlp.of(3, 4, 2).withSeed(8).build();
        java.util.Map<String, Tensor> state = net.stateDict();
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(state.keySet()));
        assertArrayEquals(new int[] {4, 3}, state.get("0.weight").shape());
        Sequential other = Mlp.of(3, 4, 2).withSeed(9).build();
        other.loadStateDict(state);
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(net.parameterTensors().get(i).toFloatArray(), other.parameterTensors().get(i).toFloatArray());
        }
    }

    @Test
    void aStateDictThatDoesNotFitNamesTheTensor() {
        Sequential net = Mlp.of(3, 4, 2).build();
        java.util.Map<String, Tensor> missing = new java.util.LinkedHashMap<>(net.stateDict());
        missing.remove("2.bias");
        assertMessage("missing tensor 2.bias", () -> net.loadStateDict(missing));
        java.util.Map<String, Tensor> wrong = new java.util.LinkedHashMap<>(net.stateDict());
        wrong.put("0.weight", Tensor.zeros(3, 4));
        assertMessage("tensor 0.weight has shape [3, 4], layer 0 Linear(in=3, out=4, bias=true) needs [4, 3]",
                () -> net.loadStateDict(wrong));
        java.util.Map<String, Tensor> extra = new java.util.LinkedHashMap<>(net.stateDict());
        extra.put("1.weight", Tensor.zeros(1));
        assertMessage("unexpected tensor 1.weight", () -> net.loadStateDict(extra));
        java.util.Map<String, Tensor> prefixed = new java.util.LinkedHashMap<>();
        net.stateDict().forEach((k, v) -> prefixed.put("net." + k, v));
        prefixed.put("other.thing", Tensor.zeros(1)); // outside the prefix: ignored
        net.loadStateDict(prefixed, "net.");
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
