package dev.descent.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every refusal names the problem and points a caret at the right column; hostile sizes fail cleanly. */
class ExpressionExceptionTest {

    private static ExpressionException refuse(String source) {
        return assertThrows(ExpressionException.class, () -> Expression.parse(source));
    }

    @Test
    void messageShowsTheSourceWithACaret() {
        ExpressionException e = refuse("x^2+)");
        assertEquals("unexpected ')' at column 5\n  x^2+)\n      ^", e.getMessage());
        assertEquals(4, e.position());
        assertEquals(5, e.column());
        assertEquals("x^2+)", e.source());
        assertEquals("unexpected ')'", e.problem());
    }

    @ParameterizedTest(name = "[{0}] at column {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "\"\"          | 1  | empty expression",
        "\"   \"       | 1  | empty expression",
        "(x+1          | 1  | unclosed '(' at column 1: parentheses are unbalanced",
        "((x+1)        | 1  | unclosed '('",
        "sin(x         | 4  | unclosed '('",
        "x+1)          | 4  | unmatched ')' at column 4: parentheses are unbalanced",
        "(x+1))        | 6  | unmatched ')'",
        "x+            | 3  | unexpected end of input at column 3: expected a number, a variable, a function or '('",
        "*x            | 1  | unexpected '*'",
        "x+*y          | 3  | unexpected '*'",
        "x,y           | 2  | unexpected ','",
        "max(x,)       | 7  | unexpected ')'",
        "(x,1)         | 3  | unexpected ',' at column 3: expected ')' to close '(' at column 1",
        "x $ 2         | 3  | unexpected character '$'",
        "x . 2         | 3  | unexpected character '.'",
        "x\u00b2+1       | 2  | unexpected character '\u00b2' at column 2: write '^2'",
        "x \u2212 1      | 3  | unexpected character '\u2212' at column 3: write '-'",
        "2\u00d7x        | 2  | write '*'",
        "1.2.3         | 1  | malformed number '1.2.3'",
        "1e999         | 1  | number 1e999 is too large",
        "2x            | 2  | missing operator before 'x' at column 2: implicit multiplication is not supported",
        "2x            | 2  | write '2*x'",
        "x y           | 3  | write 'x*y'",
        "2e            | 2  | write '2*e'",
        "(x+1)(x-1)    | 6  | missing operator before '(' at column 6: implicit multiplication",
        "(x+1)(x-1)    | 6  | write ')*('",
        "3(x)          | 2  | write '3*('",
        "max(x y)      | 7  | write 'x*y'",
        "pi(2)         | 3  | write 'pi*('",
        "x(y+1)        | 1  | unknown function 'x'",
        "foo(x)        | 1  | unknown function 'foo' at column 1: known functions are abs, cos, exp, ln, log, max, min",
        "Sin(x)        | 1  | unknown function 'Sin' at column 1: did you mean 'sin'?",
        "sin x         | 4  | function 'sin' needs '(' at column 4: write sin(...)",
        "max(x)        | 1  | wrong number of arguments to max at column 1: max takes 2 arguments, got 1",
        "1+sin(x,y)    | 3  | sin takes 1 argument, got 2",
        "cos()         | 1  | cos takes 1 argument, got 0",
        "θ+)           | 3  | unexpected ')'",
    })
    void refusals(String source, int column, String expected) {
        ExpressionException e = refuse(source);
        assertEquals(column, e.column(), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertCaretUnderColumn(e);
    }

    @Test
    void unknownFunctionListsAllKnownOnesAndSuggestsMultiplication() {
        String message = refuse("f(x)").getMessage();
        assertTrue(message.contains(String.join(", ", Expression.functions())), message);
        assertTrue(message.contains("to multiply, write 'f*('"), message);
    }

    @Test
    void lineBreaksAndTabsAreShownAsSpacesSoTheCaretStaysAligned() {
        ExpressionException e = refuse("x +\n\t)");
        assertEquals("unexpected ')' at column 6\n  x +  )\n       ^", e.getMessage());
    }

    @Test
    void invisibleCharactersAreNamedByCodePoint() {
        ExpressionException e = refuse("x\u0007+1");
        assertEquals("unexpected character U+0007 at column 2\n  x +1\n   ^", e.getMessage());
    }

    @Test
    void longSourcesAreCutToAWindowAroundTheCaret() {
        String source = "x+".repeat(2000) + ")" + "+x".repeat(2000);
        ExpressionException e = refuse(source);
        assertEquals(4001, e.column());
        String[] lines = e.getMessage().split("\n");
        assertEquals(3, lines.length);
        assertTrue(lines[1].startsWith("  ...") && lines[1].endsWith("..."), lines[1]);
        assertTrue(lines[1].length() < 100, lines[1]);
        assertEquals(')', lines[1].charAt(lines[2].indexOf('^')));
    }

    @Test
    void oneMegabyteIsRefusedByLengthWithAShortMessage() {
        String source = "x+".repeat(500_000) + "x";
        ExpressionException e = refuse(source);
        assertEquals(Expression.MAX_LENGTH, e.position());
        assertTrue(e.getMessage().startsWith("expression too long (1000001 characters) at column 10001: at most 10000"),
                e.getMessage());
        assertTrue(e.getMessage().length() < 250, e.getMessage());
    }

    @Test
    void nestingIsBoundedBeforeTheStackIs() {
        int max = Expression.MAX_DEPTH;
        assertEquals(1.0, Expression.parse("(".repeat(max) + "1" + ")".repeat(max)).evaluate(), 0.0);
        ExpressionException parens = refuse("(".repeat(max + 1) + "1" + ")".repeat(max + 1));
        assertEquals(max + 1, parens.column());
        assertTrue(parens.getMessage().startsWith("expression nested too deeply at column 201: at most 200 levels"),
                parens.getMessage());
        refuse("sqrt(".repeat(max + 1) + "x" + ")".repeat(max + 1));
        refuse("-".repeat(5000) + "x");
        refuse("2^".repeat(3000) + "2");
        refuse("(".repeat(Expression.MAX_LENGTH));
        assertEquals(1.0, Expression.parse("-".repeat(max) + "1").evaluate(), 0.0);
    }

    @Test
    void parsingAndEvaluatingTheDeepestInputsNeedsLittleStack() throws InterruptedException {
        // Run on a thread with a small stack (512 KiB): the depth bound, not a large -Xss, keeps these safe.
        int max = Expression.MAX_DEPTH;
        String[] sources = {
            "(".repeat(max) + "x" + ")".repeat(max),
            "sqrt(-(".repeat(max / 3) + "x" + "))".repeat(max / 3),
            "x^".repeat(max) + "x",
            "(".repeat(max - 1) + "x" + "+x".repeat(3000) + ")".repeat(max - 1),
            "(".repeat(max + 1) + "x" + ")".repeat(max + 1),
        };
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(null, () -> {
            try {
                for (int i = 0; i < sources.length - 1; i++) {
                    Expression e = Expression.parse(sources[i]);
                    e.evaluate(1.0);
                    e.toString();
                }
                assertThrows(ExpressionException.class, () -> Expression.parse(sources[sources.length - 1]));
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "small-stack", 512 * 1024);
        thread.start();
        thread.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    @Test
    void missingVariableIsNamedAtItsFirstUse() {
        Expression e = Expression.parse("x + y*y");
        ExpressionException missing = assertThrows(ExpressionException.class, () -> e.evaluate(Map.of("x", 1.0)));
        assertEquals(5, missing.column());
        assertTrue(missing.getMessage().startsWith("no value for variable 'y' at column 5: give values for x, y"),
                missing.getMessage());
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class, () -> e.evaluate(1.0));
        assertTrue(count.getMessage().contains("expected 2 values"), count.getMessage());
    }

    @Test
    void isAnIllegalArgumentException() {
        assertTrue(IllegalArgumentException.class.isAssignableFrom(ExpressionException.class));
        assertThrows(IllegalArgumentException.class, () -> Expression.parse(null));
    }

    /** The caret line's '^' sits under the character at the error column (or just past the end of the source). */
    private static void assertCaretUnderColumn(ExpressionException e) {
        String[] lines = e.getMessage().split("\n");
        assertEquals(3, lines.length, e.getMessage());
        assertEquals("  " + e.source().replace('\n', ' ').replace('\t', ' '), lines[1]);
        assertEquals(" ".repeat(1 + e.column()) + "^", lines[2], e.getMessage());
    }
}
