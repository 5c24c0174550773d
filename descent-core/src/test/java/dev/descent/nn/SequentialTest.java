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
}
