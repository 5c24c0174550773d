package dev.descent.nn;

import static dev.descent.optim.FixtureJson.doubles;
import static dev.descent.optim.FixtureJson.object;
import static dev.descent.optim.FixtureJson.objects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.optim.FixtureJson;
import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Conv2d, MaxPool2d, AvgPool2d and BatchNorm1d/2d against PyTorch 1.13 on fixed inputs: outputs, input gradients,
 * parameter gradients and running statistics, in F64 (and the F32 layers close to them). The numbers come from
 * {@code scripts/fixtures/make_conv_fixtures.py} (fixtures/conv.json); Python does not run here.
 */
class ConvLayersFixtureTest {
    private static final Map<String, Object> FIXTURES = FixtureJson.load("conv.json");
    private static final double TOLERANCE = 1e-10;

    static Stream<Arguments> convolutions() {
        return objects(FIXTURES.get("conv2d")).stream().map(c -> Arguments.of(c.get("name"), c));
    }

    static Stream<Arguments> pools() {
        return objects(FIXTURES.get("pool2d")).stream().map(c -> Arguments.of(c.get("name"), c));
    }

    static Stream<Arguments> batchNorms() {
        return objects(FIXTURES.get("batchnorm")).stream().map(c -> Arguments.of(c.get("name"), c));
    }

    private static int integer(Map<String, Object> map, String key) {
        return (int) FixtureJson.number(map, key);
    }

    private static int[] shape(Object list) {
        double[] d = doubles(list);
        int[] s = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            s[i] = (int) d[i];
        }
        return s;
    }

    private static Tensor tensor(DType dtype, Object values, int[] shape) {
        return Tensor.of(dtype, doubles(values), shape);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("convolutions")
    void conv2dMatchesPyTorch(String name, Map<String, Object> c) {
        for (DType dtype : DType.values()) {
            Map<String, Object> o = object(c.get("options"));
            Conv2d layer = Conv2d.of(integer(o, "in"), integer(o, "out"), integer(o, "kernel"), integer(o, "stride"),
                    integer(o, "padding"), integer(o, "dilation"), integer(o, "groups"), (Boolean) o.get("bias"),
                    dtype, Rng.of(0));
            checkLayer(layer, c, dtype);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pools")
    void poolingMatchesPyTorch(String name, Map<String, Object> c) {
        for (DType dtype : DType.values()) {
            Map<String, Object> o = object(c.get("options"));
            Pool2d layer = Pool2d.of(o.get("kind").equals("max") ? Pool2d.Kind.MAX : Pool2d.Kind.AVERAGE,
                    integer(o, "kernel"), integer(o, "stride"), integer(o, "padding"));
            checkLayer(layer, c, dtype);
        }
    }

    /** Loads the fixture's parameters through a Sequential's PyTorch-layout state dict, then compares. */
    private static void checkLayer(Module layer, Map<String, Object> c, DType dtype) {
        double tolerance = dtype == DType.F64 ? TOLERANCE : 1e-5;
        Sequential model = Sequential.of(layer);
        Map<String, Tensor> state = new LinkedHashMap<>();
        object(c.get("params")).forEach((name, p) -> state.put("0." + name,
                tensor(DType.F64, object(p).get("values"), shape(object(p).get("shape")))));
        model.loadStateDict(state);
        Tensor x = tensor(dtype, c.get("x"), shape(c.get("x_shape"))).requiresGrad(true);
        Tensor y = model.forward(x);
        assertArrayEquals(shape(c.get("y_shape")), y.shape());
        assertClose(doubles(c.get("y")), y, tolerance, "y");
        y.mul(tensor(dtype, c.get("upstream"), y.shape())).sum().backward();
        assertClose(doubles(c.get("grad_x")), x.grad(), tolerance, "grad x");
        Map<String, Object> grads = object(c.get("grads"));
        for (Parameter p : model.parameters()) {
            assertClose(doubles(grads.get(p.name().substring(2))), p.value().grad(), tolerance, p.name());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("batchNorms")
    void batchNormMatchesPyTorchInTrainingAndEvaluation(String name, Map<String, Object> c) {
        for (DType dtype : DType.values()) {
            double tolerance = dtype == DType.F64 ? TOLERANCE : 1e-5;
            Map<String, Object> o = object(c.get("options"));
            int features = integer(o, "features");
            BatchNorm layer = BatchNorm.of(features, (Boolean) o.get("spatial"), FixtureJson.number(o, "momentum"),
                    FixtureJson.number(o, "eps"), dtype);
            Sequential model = Sequential.of(layer);
            Map<String, Tensor> state = model.stateDict();
            state.put("0.weight", tensor(DType.F64, c.get("weight"), new int[] {features}));
            state.put("0.bias", tensor(DType.F64, c.get("bias"), new int[] {features}));
            model.loadStateDict(state);
            int[] shape = shape(c.get("x_shape"));
            List<Map<String, Object>> steps = objects(c.get("train"));
            for (int s = 0; s < steps.size(); s++) {
                Map<String, Object> step = steps.get(s);
                model.zeroGrad();
                checkStep(model, step, shape, dtype, tolerance, "train step " + s);
                assertClose(doubles(step.get("running_mean")), layer.runningMean(), tolerance, "running mean " + s);
                assertClose(doubles(step.get("running_var")), layer.runningVar(), tolerance, "running var " + s);
                assertEquals(s + 1.0, model.stateDict().get("0.num_batches_tracked").item());
            }
            model.setTraining(false);
            model.zeroGrad();
            Tensor meanBefore = layer.runningMean().copy();
            checkStep(model, object(c.get("eval")), shape, dtype, tolerance, "eval");
            assertArrayEquals(meanBefore.toDoubleArray(), layer.runningMean().toDoubleArray(), "eval changes nothing");
        }
    }

    private static void checkStep(Sequential model, Map<String, Object> step, int[] shape, DType dtype,
                                  double tolerance, String what) {
        Tensor x = tensor(dtype, step.get("x"), shape).requiresGrad(true);
        Tensor y = model.forward(x);
        assertClose(doubles(step.get("y")), y, tolerance, what + " y");
        y.mul(tensor(dtype, step.get("upstream"), shape)).sum().backward();
        assertClose(doubles(step.get("grad_x")), x.grad(), tolerance, what + " grad x");
        Map<String, Object> grads = object(step.get("grads"));
        for (Parameter p : model.parameters()) {
            assertClose(doubles(grads.get(p.name().substring(2))), p.value().grad(), tolerance, what + " " + p.name());
        }
    }

    private static void assertClose(double[] expected, Tensor actual, double tolerance, String what) {
        double[] a = actual.toDoubleArray();
        assertEquals(expected.length, a.length, what + ": length");
        for (int i = 0; i < a.length; i++) {
            double scale = Math.max(1, Math.abs(expected[i]));
            assertEquals(expected[i], a[i], tolerance * scale, what + "[" + i + "]");
        }
    }
}
