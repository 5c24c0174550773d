package dev.descent.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

/** Plain-double evaluation against the same formulas written with java.lang.Math. */
class ExpressionEvaluateTest {

    private record Case(String source, DoubleBinaryOperator math) {}

    private static final List<Case> CASES = List.of(
            new Case("x^2+5", (x, y) -> x * x + 5),
            new Case("sqrt(ln(x^2))", (x, y) -> Math.sqrt(Math.log(x * x))),
            new Case("(x^2+y-11)^2+(x+y^2-7)^2", ExpressionEvaluateTest::himmelblau),
            new Case("x^3 - 2*x*y + y^2", (x, y) -> Math.pow(x, 3) - 2 * x * y + y * y),
            new Case("-x^2", (x, y) -> -(x * x)),
            new Case("(-x)^2", (x, y) -> x * x),
            new Case("2^-x", (x, y) -> Math.pow(2, -x)),
            new Case("x**y", Math::pow),
            new Case("x^0.5", (x, y) -> Math.sqrt(x)),
            new Case("x/y/2", (x, y) -> x / y / 2),
            new Case("x-y-1", (x, y) -> x - y - 1),
            new Case("1/x", (x, y) -> 1 / x),
            new Case("2-x*y", (x, y) -> 2 - x * y),
            new Case("sin(x)*cos(y)", (x, y) -> Math.sin(x) * Math.cos(y)),
            new Case("tan(x)/2", (x, y) -> Math.tan(x) / 2),
            new Case("exp(-x^2-y^2)", (x, y) -> Math.exp(-(x * x) - y * y)),
            new Case("abs(x-y)", (x, y) -> Math.abs(x - y)),
            new Case("tanh(x*y)", (x, y) -> Math.tanh(x * y)),
            new Case("sigmoid(x)", (x, y) -> 1 / (1 + Math.exp(-x))),
            new Case("relu(x-1)", (x, y) -> Math.max(x - 1, 0)),
            new Case("softplus(x)", (x, y) -> Math.log(1 + Math.exp(x))),
            new Case("max(x, y)", Math::max),
            new Case("min(x, y^2)", (x, y) -> Math.min(x, y * y)),
            new Case("log(abs(x)+1) + ln(y^2+1)", (x, y) -> Math.log(Math.abs(x) + 1) + Math.log(y * y + 1)),
            new Case("pi*x^2", (x, y) -> Math.PI * x * x),
            new Case("e^x", (x, y) -> Math.exp(x)),
            new Case("1e-3*x + .5", (x, y) -> 1e-3 * x + 0.5),
            new Case("sqrt(x^2+y^2)", Math::hypot),
            new Case("2*3*x + 4*5", (x, y) -> 6 * x + 20));

    private static double himmelblau(double x, double y) {
        double a = x * x + y - 11;
        double b = x + y * y - 7;
        return a * a + b * b;
    }

    @Test
    void agreesWithJavaMathOnAGrid() {
        for (Case c : CASES) {
            Expression e = Expression.parse(c.source());
            for (double x = -3; x <= 3; x += 0.25) {
                for (double y = -3; y <= 3; y += 0.375) {
                    double expected = c.math().applyAsDouble(x, y);
                    double actual = evaluate(e, x, y);
                    String where = c.source() + " at x=" + x + ", y=" + y;
                    if (Double.isNaN(expected)) {
                        assertTrue(Double.isNaN(actual), where + " gave " + actual);
                    } else {
                        assertEquals(expected, actual, 1e-13 * Math.max(1, Math.abs(expected)), where);
                    }
                }
            }
        }
    }

    /** Binds x and y by name whether or not the expression uses both; extra entries are ignored. */
    private static double evaluate(Expression e, double x, double y) {
        return e.evaluate(Map.of("x", x, "y", y));
    }

    @Test
    void tutorialValues() {
        assertEquals(162.0, Expression.parse("(2*w+3*b)*(2*b+1)").evaluate(Map.of("w", 3.0, "b", 4.0)), 0.0);
        assertEquals(5.0, Expression.parse("x^2+5").evaluate(Map.of("x", 0.0)), 0.0);
        assertEquals(0.0, Expression.parse("(x^2+y-11)^2+(x+y^2-7)^2").evaluate(Map.of("x", 3.0, "y", 2.0)), 0.0);
        assertEquals(Math.sqrt(Math.log(4.0)), Expression.parse("sqrt(ln(x^2))").evaluate(Map.of("x", 2.0)), 0.0);
    }

    @Test
    void positionalValuesFollowTheSortedVariables() {
        Expression e = Expression.parse("(2*w+3*b)*(2*b+1)");
        assertEquals(List.of("b", "w"), e.variables());
        assertEquals(162.0, e.evaluate(4.0, 3.0), 0.0);
        assertEquals(7.0, Expression.parse("3+4").evaluate(), 0.0);
    }

    @Test
    void evaluatesAContourGrid() {
        // The shape of a 200x200 contour plot: one positional call per point, compared with the Java formula.
        Expression e = Expression.parse("(x^2+y-11)^2+(x+y^2-7)^2");
        double[] point = new double[2];
        for (int i = 0; i < 200; i++) {
            for (int j = 0; j < 200; j++) {
                point[0] = -5 + 10.0 * i / 199;
                point[1] = -5 + 10.0 * j / 199;
                assertEquals(himmelblau(point[0], point[1]), e.evaluate(point), 0.0);
            }
        }
    }

    @Test
    void undefinedValuesAreNaNOrInfinite() {
        assertEquals(Double.POSITIVE_INFINITY, Expression.parse("1/x").evaluate(0.0), 0.0);
        assertTrue(Double.isNaN(Expression.parse("sqrt(x)").evaluate(-1.0)));
        assertTrue(Double.isNaN(Expression.parse("log(x)").evaluate(-1.0)));
        assertTrue(Double.isNaN(Expression.parse("max(sqrt(x), 1)").evaluate(-1.0)), "NaN in a");
        assertTrue(Double.isNaN(Expression.parse("max(1, sqrt(x))").evaluate(-1.0)), "NaN in b");
        assertTrue(Double.isNaN(Expression.parse("min(sqrt(x), 1)").evaluate(-1.0)), "NaN in a");
        assertTrue(Double.isNaN(Expression.parse("min(1, sqrt(x))").evaluate(-1.0)), "NaN in b");
    }

    @Test
    void stableFormsDoNotOverflow() {
        assertEquals(0.0, Expression.parse("sigmoid(x)").evaluate(-1000.0), 0.0);
        assertEquals(1.0, Expression.parse("sigmoid(x)").evaluate(1000.0), 0.0);
        assertEquals(1000.0, Expression.parse("softplus(x)").evaluate(1000.0), 0.0);
        assertEquals(0.0, Expression.parse("softplus(x)").evaluate(-1000.0), 0.0);
    }

    @Test
    void constantSubExpressionsAreFoldedWithoutChangingTheValue() {
        // (0.1+0.2)+x must not become 0.1+(0.2+x): only a leading run of constants folds.
        assertEquals((0.1 + 0.2) + 1e-17, Expression.parse("0.1+0.2+x").evaluate(1e-17), 0.0);
        assertEquals((1e-17 + 0.1) + 0.2, Expression.parse("x+0.1+0.2").evaluate(1e-17), 0.0);
        assertEquals(Math.pow(2, 10) * 3, Expression.parse("2^10*x").evaluate(3.0), 0.0);
    }

    @Test
    void sharedBetweenThreadsGivesTheSameValues() throws InterruptedException {
        Expression e = Expression.parse("sin(x)*y + x^2");
        double[] results = new double[4];
        Thread[] threads = new Thread[results.length];
        for (int t = 0; t < threads.length; t++) {
            int k = t;
            threads[t] = new Thread(() -> {
                double sum = 0;
                for (int i = 0; i < 10_000; i++) {
                    sum += e.evaluate(i * 1e-3, 0.5);
                }
                results[k] = sum;
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        for (double r : results) {
            assertEquals(results[0], r, 0.0);
        }
    }
}
