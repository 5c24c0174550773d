package dev.descent.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Precedence, associativity and the accepted syntax, checked through the canonical text and the values. */
class ExpressionParseTest {

    @ParameterizedTest(name = "{0} prints as {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "x^2+5                | x^2+5",
        "\" x ^ 2 + 5 \"      | x^2+5",
        "-x^2                 | -x^2",
        "(-x)^2               | (-x)^2",
        "2^3^2                | 2^3^2",
        "(2^3)^2              | (2^3)^2",
        "2^-x                 | 2^(-x)",
        "x**2                 | x^2",
        "x ** y ** z          | x^y^z",
        "a-b-c                | a-b-c",
        "a-(b-c)              | a-(b-c)",
        "(a-b)-c              | (a-b)-c",
        "a/b/c                | a/b/c",
        "a/(b*c)              | a/(b*c)",
        "a*b+c*d              | a*b+c*d",
        "(a+b)*c              | (a+b)*c",
        "a+b*c^d              | a+b*c^d",
        "-a*b                 | -a*b",
        "-(a*b)               | -(a*b)",
        "--x                  | -(-x)",
        "x*-y                 | x*(-y)",
        "x - -y               | x-(-y)",
        "+x                   | x",
        "(((x)))              | x",
        "sqrt(ln(x^2))        | sqrt(ln(x^2))",
        "log(x)+ln(x)         | log(x)+ln(x)",
        "max( a , b )         | max(a, b)",
        "min(a,max(b,c))      | min(a, max(b, c))",
        "1e-3*x               | 0.001*x",
        "1e-5*x               | 1.0E-5*x",
        ".5*x                 | 0.5*x",
        "1.*x                 | 1*x",
        "6.02E23              | 6.02E23",
        "2.5e+2               | 250",
        "θ^2 + α_1            | θ^2+α_1",
        "2*pi*r               | 2*pi*r",
        "e^x                  | e^x",
        "(x^2+y-11)^2+(x+y^2-7)^2 | (x^2+y-11)^2+(x+y^2-7)^2",
        "(2*w+3*b)*(2*b+1)    | (2*w+3*b)*(2*b+1)",
        "sigmoid(relu(softplus(tanh(x))))| sigmoid(relu(softplus(tanh(x))))",
    })
    void printsCanonically(String source, String canonical) {
        Expression e = Expression.parse(source);
        assertEquals(canonical, e.toString());
        assertEquals(source, e.source());
        assertEquals(e, Expression.parse(canonical), "canonical text parses to the same tree");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "-2^2       | -4",
        "2^3^2      | 512",
        "(2^3)^2    | 64",
        "2^-1       | 0.5",
        "10-4-3     | 3",
        "64/4/2     | 8",
        "2+3*4      | 14",
        "(2+3)*4    | 20",
        "2*3^2      | 18",
        "-3*-3      | 9",
        "1-(-1)     | 2",
        "2**3       | 8",
        "max(2, 7)  | 7",
        "min(2, 7)  | 2",
        "abs(-3.5)  | 3.5",
        "sqrt(16)   | 4",
        "relu(-2)+relu(3) | 3",
        ".5+.25     | 0.75",
        "1e3        | 1000",
        "1E-3*1e3   | 1",
    })
    void precedenceDecidesTheValue(String source, double expected) {
        assertEquals(expected, Expression.parse(source).evaluate(), 0.0);
    }

    @Test
    void negationBindsLooserThanPower() {
        Node root = Expression.parse("-x^2").root();
        Node.Neg neg = assertInstanceOf(Node.Neg.class, root);
        assertInstanceOf(Node.Power.class, neg.operand());
    }

    @Test
    void sumsAreFlatChains() {
        Node.Chain chain = assertInstanceOf(Node.Chain.class, Expression.parse("a+b-c+d").root());
        assertEquals(3, chain.steps().size());
        assertEquals(List.of(Node.Op.ADD, Node.Op.SUB, Node.Op.ADD),
                chain.steps().stream().map(Node.Step::op).toList());
    }

    @Test
    void variablesAreSortedAndDistinct() {
        assertEquals(List.of("x", "y"), Expression.parse("y+x*y-x").variables());
        assertEquals(List.of("b", "w"), Expression.parse("(2*w+3*b)*(2*b+1)").variables());
        assertEquals(List.of(), Expression.parse("2*pi+e").variables());
        assertEquals(List.of("E", "x"), Expression.parse("e^x+E").variables(), "only lower-case e is the constant");
        assertEquals(List.of("x_1", "α", "θ"), Expression.parse("θ+α*x_1").variables());
    }

    @Test
    void constantsHaveTheirValues() {
        assertEquals(Math.PI, Expression.parse("pi").evaluate(), 0.0);
        assertEquals(Math.E, Expression.parse("e").evaluate(), 0.0);
        assertEquals(Math.exp(2), Expression.parse("e^2").evaluate(), 1e-15 * Math.exp(2));
    }

    @Test
    void equalityIsStructural() {
        assertEquals(Expression.parse("x + (y)"), Expression.parse("x+y"));
        assertEquals(Expression.parse("x + (y)").hashCode(), Expression.parse("x+y").hashCode());
        assertNotEquals(Expression.parse("(a+b)+c"), Expression.parse("a+(b+c)"));
        assertNotEquals(Expression.parse("log(x)"), Expression.parse("ln(x)"));
    }

    @Test
    void longSumsAtTheLengthLimitParseAndEvaluate() {
        String source = "x" + "+x".repeat((Expression.MAX_LENGTH - 1) / 2);
        assertEquals(Expression.MAX_LENGTH - 1, source.length());
        Expression e = Expression.parse(source);
        assertEquals(5000 * 0.5, e.evaluate(0.5), 0.0);
    }

    @Test
    void functionsAreListed() {
        assertEquals(List.of("abs", "cos", "exp", "ln", "log", "max", "min", "relu", "sigmoid", "sin", "softplus",
                "sqrt", "tan", "tanh"), Expression.functions());
    }
}
