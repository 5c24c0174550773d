package dev.descent.optim;

import static dev.descent.optim.FixtureJson.doubles;
import static dev.descent.optim.FixtureJson.number;
import static dev.descent.optim.FixtureJson.object;
import static dev.descent.optim.FixtureJson.objects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every trajectory in {@code fixtures/optim.json} (PyTorch 1.13.1, F64) replayed with our optimizers on
 * f(x) = Σ a·x² + Σ sin(3x): x after every step within 1e-6 relative (1e-9 absolute near zero).
 */
class OptimizerFixtureTest {
    static final double RELATIVE = 1e-6;
    static final double ABSOLUTE = 1e-9;

    private static final Map<String, Object> FIXTURE = FixtureJson.load("optim.json");
    private static final double[] X0 = doubles(object(FIXTURE.get("problem")).get("x0"));
    private static final double[] A = doubles(object(FIXTURE.get("problem")).get("a"));

    static Stream<Arguments> cases() {
        return objects(FIXTURE.get("cases")).stream().map(c -> Arguments.of(c.get("name"), c));
    }

    /** f(x) = Σ a·x² + Σ sin(3x) with Tensor ops. */
    static Tensor loss(Tensor x, Tensor a) {
        return a.mul(x).mul(x).sum().add(x.mul(3).sin().sum());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorchTrajectory(String name, Map<String, Object> c) {
        Tensor x = Tensor.of(X0, X0.length).requiresGrad(true);
        Tensor a = Tensor.of(A, A.length);
        Optimizer optimizer = build((String) c.get("optimizer"), object(c.get("resolved_hyperparams")), x);
        List<Object> xs = castList(c.get("x"));
        double[] losses = doubles(c.get("loss"));
        int steps = (int) number(c, "steps");
        assertEquals(steps, xs.size());
        for (int k = 0; k < steps; k++) {
            double loss;
            if (optimizer instanceof Lbfgs) {
                loss = optimizer.step(() -> loss(x, a));
            } else {
                optimizer.zeroGrad();
                Tensor l = loss(x, a);
                l.backward();
                loss = l.item();
                if (c.containsKey("grad")) {
                    assertClose(doubles(castList(c.get("grad")).get(k)), x.grad().toDoubleArray(),
                            name + " grad " + k);
                }
                optimizer.step();
            }
            assertClose(new double[] {losses[k]}, new double[] {loss}, name + " loss " + k);
            assertClose(doubles(xs.get(k)), x.toDoubleArray(), name + " x after step " + (k + 1));
        }
        if (optimizer instanceof Lbfgs lbfgs) {
            double[] iters = doubles(c.get("n_iter_cumulative"));
            assertEquals((long) iters[steps - 1], lbfgs.iterations(), name + " iterations");
            assertEquals((long) number(c, "func_evals_cumulative"), lbfgs.evaluations(), name + " evaluations");
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> castList(Object o) {
        return (List<Object>) o;
    }

    static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            double error = Math.abs(actual[i] - expected[i]);
            assertTrue(error <= RELATIVE * Math.abs(expected[i]) + ABSOLUTE,
                    what + "[" + i + "]: expected " + expected[i] + ", got " + actual[i] + " (error " + error + ")");
        }
    }

    /** Our optimizer with PyTorch's resolved hyper-parameters. */
    static Optimizer build(String kind, Map<String, Object> h, Tensor x) {
        List<Tensor> params = List.of(x);
        double lr = number(h, "lr");
        switch (kind) {
            case "SGD":
                return Sgd.of(params, new Sgd.Config(lr, number(h, "momentum"), number(h, "dampening"),
                        number(h, "weight_decay"), (Boolean) h.get("nesterov")));
            case "Adagrad":
                return Adagrad.of(params, new Adagrad.Config(lr, number(h, "lr_decay"), number(h, "weight_decay"),
                        number(h, "initial_accumulator_value"), number(h, "eps")));
            case "Adadelta":
                return Adadelta.of(params, new Adadelta.Config(lr, number(h, "rho"), number(h, "eps"),
                        number(h, "weight_decay")));
            case "RMSprop":
                return RmsProp.of(params, new RmsProp.Config(lr, number(h, "alpha"), number(h, "eps"),
                        number(h, "weight_decay"), number(h, "momentum"), (Boolean) h.get("centered")));
            case "Adam": {
                double[] betas = doubles(h.get("betas"));
                return Adam.of(params, new Adam.Config(lr, betas[0], betas[1], number(h, "eps"),
                        number(h, "weight_decay"), (Boolean) h.get("amsgrad")));
            }
            case "AdamW": {
                double[] betas = doubles(h.get("betas"));
                return AdamW.of(params, new AdamW.Config(lr, betas[0], betas[1], number(h, "eps"),
                        number(h, "weight_decay"), (Boolean) h.get("amsgrad")));
            }
            case "LBFGS":
                return Lbfgs.of(params, new Lbfgs.Config(lr, (int) number(h, "max_iter"), (int) number(h, "max_eval"),
                        number(h, "tolerance_grad"), number(h, "tolerance_change"), (int) number(h, "history_size"),
                        "strong_wolfe".equals(h.get("line_search_fn")) ? Lbfgs.LineSearch.STRONG_WOLFE
                                : Lbfgs.LineSearch.NONE));
            default:
                throw new IllegalArgumentException("no optimizer for fixture kind " + kind);
        }
    }
}
