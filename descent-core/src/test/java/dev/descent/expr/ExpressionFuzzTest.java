package dev.descent.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Coverage-guided fuzzing of the expression language: any text is either refused with an
 * {@link ExpressionException} pointing inside the source, or parses to an expression that prints to text parsing
 * back to an equal expression with the same value (unless that text is longer than {@link Expression#MAX_LENGTH}),
 * and whose value and gradient can be computed without any exception. Gigantic and deeply nested inputs must be refused, not overflow the stack. Seeds:
 * {@code ExpressionFuzzTestInputs/}.
 */
class ExpressionFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void parsesOrRejects(byte[] input) {
        String source = new String(input, StandardCharsets.UTF_8);
        Expression e;
        try {
            e = Expression.parse(source);
        } catch (ExpressionException refused) {
            assertTrue(refused.position() >= 0 && refused.position() <= source.length(),
                    "position " + refused.position() + " outside the source");
            assertTrue(refused.getMessage().contains(" at column "), refused.getMessage());
            return;
        }
        double[] point = new double[e.variables().size()];
        Map<String, Double> at = new HashMap<>();
        for (int i = 0; i < point.length; i++) {
            point[i] = 0.75 + 0.5 * i;
            at.put(e.variables().get(i), point[i]);
        }
        double value = e.evaluate(point);
        if (e.toString().length() > Expression.MAX_LENGTH) {
            return; // the canonical text may be longer than the source (see Expression.toString)
        }
        Expression printed = Expression.parse(e.toString());
        assertEquals(e, printed, () -> "'" + source + "' printed as '" + e + "'");
        assertEquals(Double.doubleToLongBits(value), Double.doubleToLongBits(printed.evaluate(point)),
                () -> "'" + source + "' and its printed form '" + e + "' differ in value");
        Gradient g = e.gradient(at);
        assertEquals(e.variables(), java.util.List.copyOf(g.partials().keySet()));
    }
}
