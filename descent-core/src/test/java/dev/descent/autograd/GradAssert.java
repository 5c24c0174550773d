package dev.descent.autograd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import java.util.function.Function;

/** Assertions and seeded F64 inputs shared by the gradcheck tests. */
final class GradAssert {
    private GradAssert() {
    }

    static void gradcheck(Function<Tensor[], Tensor> f, Tensor... inputs) {
        GradCheck.Result r = GradCheck.check(f, inputs);
        assertTrue(r.passed(), r::toString);
    }

    static void gradcheck(Function<Tensor[], Tensor> f, GradCheck.Tolerance tolerance, Tensor... inputs) {
        GradCheck.Result r = GradCheck.check(f, tolerance, inputs);
        assertTrue(r.passed(), r::toString);
    }

    static void gradgradcheck(Function<Tensor[], Tensor> f, Tensor... inputs) {
        GradCheck.Result r = GradCheck.checkSecondOrder(f, inputs);
        assertTrue(r.passed(), () -> "second order: " + r);
    }

    /** Values uniform in [low, high), F64, from a seeded generator. */
    static Tensor uniform(long seed, double low, double high, int... shape) {
        return Tensor.uniform(DType.F64, Rng.of(seed), low, high, shape);
    }

    /** Standard normal values, F64, from a seeded generator. */
    static Tensor randn(long seed, int... shape) {
        return Tensor.normal(DType.F64, Rng.of(seed), 0, 1, shape);
    }

    /** Magnitudes in [0.3, 2) with random signs: safe for ops with a kink or pole at 0. */
    static Tensor awayFromZero(long seed, int... shape) {
        Rng rng = Rng.of(seed);
        Tensor t = Tensor.zeros(DType.F64, shape);
        for (int i = 0; i < t.numel(); i++) {
            double m = rng.uniform(0.3, 2.0);
            t.setFlat(i, rng.nextDouble() < 0.5 ? -m : m);
        }
        return t;
    }

    static Tensor f64(double[] values, int... shape) {
        return Tensor.of(values, shape);
    }
}
