package dev.descent.optim;

import static dev.descent.optim.FixtureJson.doubles;
import static dev.descent.optim.FixtureJson.number;
import static dev.descent.optim.FixtureJson.object;
import static dev.descent.optim.FixtureJson.objects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** clip_grad_norm_ and clip_grad_value_ cases of {@code fixtures/optim.json}. */
class GradientClippingTest {
    private static final Map<String, Object> CLIPPING = object(FixtureJson.load("optim.json").get("clipping"));

    static Stream<Arguments> normCases() {
        return objects(object(CLIPPING.get("clip_grad_norm_")).get("cases")).stream()
                .map(c -> Arguments.of(c.get("name"), c));
    }

    static Stream<Arguments> valueCases() {
        return objects(object(CLIPPING.get("clip_grad_value_")).get("cases")).stream()
                .map(c -> Arguments.of(c.get("name"), c));
    }

    private static List<Tensor> withGradients(Object input) {
        List<Tensor> params = new ArrayList<>();
        for (Object g : (List<?>) input) {
            double[] values = doubles(g);
            Tensor p = Tensor.zeros(dev.descent.tensor.DType.F64, values.length).requiresGrad(true);
            p.setGrad(Tensor.of(values, values.length));
            params.add(p);
        }
        return params;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("normCases")
    void clipByNormMatchesPyTorch(String name, Map<String, Object> c) {
        List<Tensor> params = withGradients(c.get("input"));
        double maxNorm = number(object(CLIPPING.get("clip_grad_norm_")), "max_norm");
        double total = GradientClipping.clipByNorm(params, maxNorm);
        assertEquals(number(c, "total_norm"), total, 1e-15 * Math.max(1, total), name);
        List<?> expected = (List<?>) c.get("output");
        for (int i = 0; i < params.size(); i++) {
            assertArrayEquals(doubles(expected.get(i)), params.get(i).grad().toDoubleArray(), 1e-15, name);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueCases")
    void clipByValueMatchesPyTorch(String name, Map<String, Object> c) {
        List<Tensor> params = withGradients(c.get("input"));
        GradientClipping.clipByValue(params, number(object(CLIPPING.get("clip_grad_value_")), "clip_value"));
        List<?> expected = (List<?>) c.get("output");
        for (int i = 0; i < params.size(); i++) {
            assertArrayEquals(doubles(expected.get(i)), params.get(i).grad().toDoubleArray(), 0.0, name);
        }
    }

    @Test
    void theReportedNormIsTheNormUpToRounding() {
        dev.descent.tensor.Rng rng = dev.descent.tensor.Rng.of(7);
        for (dev.descent.tensor.DType dtype : dev.descent.tensor.DType.values()) {
            java.util.List<Tensor> params = new java.util.ArrayList<>();
            params.add(Tensor.zeros(3).requiresGrad(true)); // no gradient: ignored
            for (int size : new int[] {1, 3, 4, 7, 1001}) {
                Tensor p = Tensor.zeros(size).to(dtype).requiresGrad(true);
                double[] g = new double[size];
                for (int i = 0; i < size; i++) {
                    g[i] = rng.nextGaussian() * (i % 5 + 1);
                }
                p.setGrad(Tensor.of(g, size).to(dtype));
                params.add(p);
            }
            double exact = GradientClipping.gradientNorm(params);
            assertEquals(exact, GradientClipping.reportedGradientNorm(params), 1e-13 * exact, dtype.toString());
        }
        assertEquals(0.0, GradientClipping.reportedGradientNorm(List.of(Tensor.zeros(2).requiresGrad(true))));
    }

    @Test
    void nullGradientsAreIgnoredAndF32Works() {
        Tensor noGrad = Tensor.zeros(2).requiresGrad(true);
        Tensor p = Tensor.zeros(2).requiresGrad(true);
        p.setGrad(Tensor.vector(3, 4));
        assertEquals(5.0, GradientClipping.gradientNorm(List.of(noGrad, p)), 1e-12);
        assertEquals(5.0, GradientClipping.clipByNorm(List.of(noGrad, p), 1.0), 1e-12);
        assertArrayEquals(new float[] {0.6f, 0.8f}, p.grad().toFloatArray(), 1e-6f);
        GradientClipping.clipByValue(List.of(noGrad, p), 0.7);
        assertArrayEquals(new float[] {0.6f, 0.7f}, p.grad().toFloatArray(), 1e-6f);
        assertNull(noGrad.grad());
    }
}
