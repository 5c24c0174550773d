package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What every {@link Optimizer} must do, checked on each implementation and its main variants, in F64 and F32. */
class OptimizerContractTest {
    private static final double[] X0 = {0.5, -1.5, 1.0, 2.0, -0.3};
    private static final double[] A = {1.0, 2.0, 0.5, 3.0, 1.5};

    static Stream<Arguments> optimizers() {
        Map<String, Function<List<Tensor>, Optimizer>> all = new java.util.LinkedHashMap<>();
        for (OptimizerKind kind : OptimizerKind.values()) {
            all.put(kind.label(), kind::create);
        }
        all.put("sgd full", p -> Sgd.of(p, new Sgd.Config(0.01, 0.9, 0.1, 0.01, false)));
        all.put("nesterov wd", p -> Sgd.of(p, new Sgd.Config(0.01, 0.9, 0, 0.01, true)));
        all.put("adagrad full", p -> Adagrad.of(p, new Adagrad.Config(0.1, 0.01, 0.01, 0.1, 1e-10)));
        all.put("rmsprop centered momentum", p -> RmsProp.of(p, new RmsProp.Config(0.01, 0.99, 1e-8, 0.01, 0.5, true)));
        all.put("adam amsgrad", p -> Adam.of(p, new Adam.Config(0.05, 0.9, 0.9, 1e-8, 0.01, true)));
        all.put("adamw amsgrad", p -> AdamW.of(p, new AdamW.Config(0.05, 0.9, 0.9, 1e-8, 0.1, true)));
        all.put("lbfgs short", p -> Lbfgs.of(p, Lbfgs.Config.of(0.5, 2, 3, Lbfgs.LineSearch.NONE)));
        all.put("lbfgs wolfe", p -> Lbfgs.of(p, Lbfgs.Config.of(1, 2, 3, Lbfgs.LineSearch.STRONG_WOLFE)));
        all.put("newton damped", p -> Newton.of(p, 0.5, 0.1));
        return all.entrySet().stream().flatMap(e -> Stream.of(DType.F64, DType.F32)
                .map(d -> Arguments.of(e.getKey(), d, e.getValue())));
    }

    /** Parameters x (used) and u (never in the loss, so its gradient stays null). */
    private static List<Tensor> parameters(DType dtype, double[] x) {
        return List.of(Tensor.of(dtype, x, x.length).requiresGrad(true),
                Tensor.of(dtype, new double[] {1, 2}, 2).requiresGrad(true));
    }

    private static LossClosure closure(List<Tensor> params) {
        Tensor x = params.get(0);
        Tensor a = Tensor.of(x.dtype(), A, A.length);
        return () -> a.mul(x).mul(x).sum().add(x.mul(3).sin().sum());
    }

    private static void run(Optimizer optimizer, int steps) {
        LossClosure closure = closure(optimizer.parameters());
        for (int i = 0; i < steps; i++) {
            optimizer.step(closure);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("optimizers")
    void lowersTheLossAndSkipsParametersWithoutGradient(String name, DType dtype,
                                                        Function<List<Tensor>, Optimizer> factory) {
        List<Tensor> params = parameters(dtype, X0);
        Optimizer optimizer = factory.apply(params);
        double before = closure(params).evaluate().item();
        run(optimizer, 5);
        double after = closure(params).evaluate().item();
        assertTrue(after < before, name + ": loss " + before + " -> " + after);
        assertTrue(params.get(0).isFinite());
        assertArrayEquals(new double[] {1, 2}, params.get(1).toDoubleArray(), 0.0, "unused parameter moved");
        assertNull(params.get(1).grad());
        for (String key : optimizer.state().keySet()) {
            assertFalse(key.startsWith("1."), "state for the parameter without gradient: " + key);
        }
        assertEquals(dtype, params.get(0).dtype());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("optimizers")
    void stepWithoutGradientsChangesNothing(String name, DType dtype, Function<List<Tensor>, Optimizer> factory) {
        List<Tensor> params = parameters(dtype, X0);
        Optimizer optimizer = factory.apply(params);
        optimizer.zeroGrad();
        try {
            optimizer.step();
        } catch (IllegalStateException closureNeeded) {
            assertTrue(optimizer instanceof Lbfgs || optimizer instanceof Newton, name);
        }
        assertArrayEquals(Tensor.of(dtype, X0, 5).toDoubleArray(), params.get(0).toDoubleArray(), 0.0);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("optimizers")
    void learningRateCanBeReadAndChanged(String name, DType dtype, Function<List<Tensor>, Optimizer> factory) {
        Optimizer optimizer = factory.apply(parameters(dtype, X0));
        optimizer.setLearningRate(0.0123);
        assertEquals(0.0123, optimizer.learningRate());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> optimizer.setLearningRate(-1.0));
        assertEquals("learningRate must be >= 0, was -1.0", e.getMessage());
        assertEquals(0.0123, optimizer.learningRate());
        assertTrue(optimizer.toString().startsWith(optimizer.getClass().getSimpleName() + "(learningRate=0.0123"),
                optimizer.toString());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("optimizers")
    void resumingFromExportedStateIsBitwiseIdentical(String name, DType dtype,
                                                     Function<List<Tensor>, Optimizer> factory) {
        List<Tensor> params = parameters(dtype, X0);
        Optimizer original = factory.apply(params);
        run(original, 5);
        Map<String, Tensor> state = original.state();
        double[] atFive = params.get(0).toDoubleArray();
        run(original, 5);
        double[] atTen = params.get(0).toDoubleArray();

        List<Tensor> copy = parameters(dtype, atFive);
        Optimizer resumed = factory.apply(copy);
        resumed.loadState(state);
        assertEquals(state.keySet(), resumed.state().keySet());
        run(resumed, 5);
        assertArrayEquals(atTen, copy.get(0).toDoubleArray(), 0.0, name + " after resuming");
        assertEquals(original.state().keySet(), resumed.state().keySet());

        Map<String, Tensor> bad = new java.util.HashMap<>(state);
        bad.put("nonsense", Tensor.scalar(1, DType.F64));
        assertThrows(IllegalArgumentException.class, () -> resumed.loadState(bad));
    }
}
