package dev.descent.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.tensor.DType;
import dev.descent.tensor.GradMode;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Gradients through the tensor engine, against hand-derived values and central differences of evaluate. */
class ExpressionGradientTest {

    @Test
    void tutorialGraph() {
        Gradient g = Expression.parse("(2*w+3*b)*(2*b+1)").gradient(Map.of("w", 3.0, "b", 4.0));
        assertEquals(162.0, g.value(), 0.0);
        assertEquals(18.0, g.partial("w"), 0.0);
        assertEquals(63.0, g.partial("b"), 0.0);
        assertEquals(List.of("b", "w"), List.copyOf(g.partials().keySet()));
    }

    @Test
    void himmelblauMatchesItsDerivative() {
        Expression e = Expression.parse("(x^2+y-11)^2+(x+y^2-7)^2");
        Rng rng = Rng.of(7);
        for (int i = 0; i < 50; i++) {
            double x = rng.uniform(-5, 5);
            double y = rng.uniform(-5, 5);
            Gradient g = e.gradient(Map.of("x", x, "y", y));
            double a = x * x + y - 11;
            double b = x + y * y - 7;
            assertEquals(4 * x * a + 2 * b, g.partial("x"), 1e-12 * Math.max(1, Math.abs(4 * x * a + 2 * b)));
            assertEquals(2 * a + 4 * y * b, g.partial("y"), 1e-12 * Math.max(1, Math.abs(2 * a + 4 * y * b)));
        }
        Gradient minimum = e.gradient(Map.of("x", 3.0, "y", 2.0));
        assertEquals(0.0, minimum.partial("x"), 0.0);
        assertEquals(0.0, minimum.partial("y"), 0.0);
    }

    private static final List<String> SMOOTH = List.of(
            "x^2+5",
            "sqrt(ln(x^2))",
            "x^3 - 2*x*y + y^2",
            "-x^2*y",
            "2^-x + x^y",
            "x/y/2 - 1/x + 3/(x*y)",
            "(x-y)*(x+2*y) - 4 - x",
            "sin(x)*cos(y) + tan(x/4)",
            "exp(-x^2-y^2) + log(x^2+1) - ln(y^2+2)",
            "sqrt(x^2+y^2) + x^0.5",
            "tanh(x*y) + sigmoid(x) - softplus(y)",
            "abs(x-y) + relu(x-y) + relu(y)",
            "max(x, y) * min(x, 2*y) + max(1, x) - min(y, 0.5)",
            "pi*x^2 + e^y + 1e-3*x",
            "--x - -y",
            "(x^2+y-11)^2+(x+y^2-7)^2");

    @Test
    void matchesCentralDifferencesOfEvaluate() {
        Rng rng = Rng.of(42);
        for (String source : SMOOTH) {
            Expression e = Expression.parse(source);
            for (int i = 0; i < 20; i++) {
                // Points above 1 keep every log, root and fractional power here defined.
                Map<String, Double> at = new HashMap<>(Map.of("x", rng.uniform(1.1, 2.5), "y", rng.uniform(1.1, 2.5)));
                Gradient g = e.gradient(at);
                for (String v : e.variables()) {
                    double numeric = centralDifference(e, at, v);
                    double tolerance = 1e-6 * Math.max(1, Math.abs(numeric));
                    assertEquals(numeric, g.partial(v), tolerance, source + " d/d" + v + " at " + at);
                }
            }
        }
    }

    private static double centralDifference(Expression e, Map<String, Double> at, String v) {
        double x = at.get(v);
        double h = 1e-6 * Math.max(1, Math.abs(x));
        Map<String, Double> plus = new HashMap<>(at);
        Map<String, Double> minus = new HashMap<>(at);
        plus.put(v, x + h);
        minus.put(v, x - h);
        return (e.evaluate(plus) - e.evaluate(minus)) / (2 * h);
    }

    @Test
    void gradientValueIsTheEvaluatedValueToTheBit() {
        Rng rng = Rng.of(3);
        for (String source : SMOOTH) {
            if (source.contains("tan(")) {
                continue; // the graph computes tan as sin/cos
            }
            Expression e = Expression.parse(source);
            for (int i = 0; i < 20; i++) {
                Map<String, Double> at = Map.of("x", rng.uniform(-3, 3), "y", rng.uniform(-3, 3));
                double expected = e.evaluate(at);
                double actual = e.gradient(at).value();
                assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual),
                        source + " at " + at + ": " + expected + " vs " + actual);
            }
        }
    }

    @Test
    void selectionsSendTheGradientToTheChosenArgument() {
        Expression max = Expression.parse("max(x, y)");
        assertEquals(Map.of("x", 1.0, "y", 0.0), max.gradient(Map.of("x", 2.0, "y", 1.0)).partials());
        assertEquals(Map.of("x", 0.0, "y", 1.0), max.gradient(Map.of("x", 1.0, "y", 2.0)).partials());
        assertEquals(Map.of("x", 1.0, "y", 0.0), max.gradient(Map.of("x", 1.0, "y", 1.0)).partials(), "ties go to a");
        Expression min = Expression.parse("min(x, 3)");
        assertEquals(1.0, min.gradient(Map.of("x", 1.0)).partial("x"), 0.0);
        assertEquals(0.0, min.gradient(Map.of("x", 5.0)).partial("x"), 0.0);
        assertTrue(Double.isNaN(Expression.parse("max(1, sqrt(x))").gradient(Map.of("x", -1.0)).value()));
    }

    @Test
    @SuppressWarnings("try") // the no-grad scope is only opened and closed
    void edgeCases() {
        Gradient identity = Expression.parse("x").gradient(Map.of("x", 5.0));
        assertEquals(5.0, identity.value(), 0.0);
        assertEquals(1.0, identity.partial("x"), 0.0);
        Gradient constant = Expression.parse("2+3*pi").gradient(Map.of());
        assertEquals(2 + 3 * Math.PI, constant.value(), 0.0);
        assertTrue(constant.partials().isEmpty());
        assertEquals(0.0, Expression.parse("x*0").gradient(Map.of("x", 5.0)).partial("x"), 0.0);
        try (GradMode off = Tensor.noGrad()) {
            assertEquals(6.0, Expression.parse("x^3").gradient(Map.of("x", Math.sqrt(2))).partial("x"), 1e-14,
                    "records even when the caller turned recording off");
        }
        ExpressionException missing = assertThrows(ExpressionException.class,
                () -> Expression.parse("x*y").gradient(Map.of("x", 1.0)));
        assertTrue(missing.getMessage().startsWith("no value for variable 'y'"), missing.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Expression.parse("x").gradient(Map.of("x", 1.0)).partial("q"));
        assertTrue(unknown.getMessage().contains("'q'"), unknown.getMessage());
    }

    @Test
    void applyBuildsANamedGraphTheCallerCanBackpropagate() {
        Tensor w = Tensor.scalar(3, DType.F64).requiresGrad(true).named("w");
        Tensor b = Tensor.scalar(4, DType.F64).requiresGrad(true).named("b");
        Tensor out = Expression.parse("(2*w + 3*b) * (2*b + 1)").apply(Map.of("w", w, "b", b));
        assertEquals(162.0, out.item(), 0.0);
        assertEquals("(2*w+3*b)*(2*b+1)", out.name());
        List<String> names = new ArrayList<>();
        collectNames(out, names);
        assertEquals(List.of("(2*w+3*b)*(2*b+1)", "2*w+3*b", "2*w", "w", "3*b", "b", "2*b+1", "2*b", "b"), names);
        out.backward();
        assertEquals(18.0, w.grad().item(), 0.0);
        assertEquals(63.0, b.grad().item(), 0.0);
        assertEquals("w", w.name(), "inputs keep their names");
    }

    @Test
    void partialSumsAndFunctionsAreNamedAfterTheirText() {
        Tensor x = Tensor.scalar(0.5, DType.F64).requiresGrad(true).named("x");
        Tensor out = Expression.parse("x + sin(x) + tan(x) - x^2").apply(Map.of("x", x));
        assertEquals("x+sin(x)+tan(x)-x^2", out.name());
        List<String> names = new ArrayList<>();
        collectNames(out, names);
        assertTrue(names.containsAll(List.of("x+sin(x)", "x+sin(x)+tan(x)", "sin(x)", "tan(x)", "cos(x)", "x^2")),
                names.toString());
    }

    @Test
    void longNamesAreCut() {
        Tensor x = Tensor.scalar(1, DType.F64).requiresGrad(true);
        Tensor out = Expression.parse("x" + "+x".repeat(3000)).apply(Map.of("x", x));
        assertEquals(3001.0, out.item(), 0.0);
        assertEquals(60, out.name().length());
        assertTrue(out.name().endsWith("..."), out.name());
        out.backward();
        assertEquals(3001.0, x.grad().item(), 0.0);
    }

    @Test
    void applyBroadcastsTensorsAndKeepsTheirDtype() {
        double[] xs = {-1.5, -0.25, 0.5, 2.0};
        Tensor x = Tensor.of(xs, 4).requiresGrad(true);
        Tensor y = Tensor.scalar(0.75, DType.F64).requiresGrad(true);
        Expression e = Expression.parse("x^2*y - sin(x)/y + max(x, y)");
        Tensor out = e.apply(Map.of("x", x, "y", y));
        assertEquals(List.of(4), List.of(out.shape()[0]));
        out.sum().backward();
        double dy = 0;
        for (int i = 0; i < xs.length; i++) {
            Gradient g = e.gradient(Map.of("x", xs[i], "y", 0.75));
            assertEquals(g.value(), out.getFlat(i), 0.0);
            assertEquals(g.partial("x"), x.grad().getFlat(i), 1e-15);
            dy += g.partial("y");
        }
        assertEquals(dy, y.grad().item(), 1e-14);

        Tensor f32 = Tensor.of(new float[] {1f, 2f}, 2);
        Tensor result = Expression.parse("x/3 + 2^x + max(x, 1.5) + pi").apply(Map.of("x", f32));
        assertEquals(DType.F32, result.dtype());
        assertEquals((float) (1 / 3.0 + 2 + 1.5 + Math.PI), (float) result.getFlat(0), 1e-6);
    }

    @Test
    void applyOnConstantsAndBareVariables() {
        Tensor x = Tensor.scalar(2, DType.F64);
        assertSame(x, Expression.parse("((x))").apply(Map.of("x", x)));
        Tensor c = Expression.parse("2*pi").apply(Map.of());
        assertEquals(2 * Math.PI, c.item(), 0.0);
        assertEquals(DType.F64, c.dtype());
        assertEquals("2*pi", c.name());
        assertNull(x.name());
        ExpressionException missing = assertThrows(ExpressionException.class,
                () -> Expression.parse("x + y").apply(Map.of("y", x)));
        assertTrue(missing.getMessage().startsWith("no value for variable 'x' at column 1"), missing.getMessage());
    }

    /** Names in depth-first order, inputs in argument order, leaves included; constants (unnamed by ops) skipped. */
    private static void collectNames(Tensor t, List<String> out) {
        if (t.name() != null && !t.name().matches("[0-9.]+")) {
            out.add(t.name());
        }
        if (t.gradFn() != null) {
            for (Tensor input : t.gradFn().inputs()) {
                collectNames(input, out);
            }
        }
    }
}
