package dev.descent.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random trees, printed to text and parsed back, are the same tree and evaluate to the same value as a direct
 * interpretation of the tree (a reference written here, independent of the compiled evaluator).
 */
class ExpressionRoundTripTest {

    private static final Map<String, Double> POINT = Map.of("x", 0.7, "y", -1.3, "z_1", 2.1, "θ", 0.25);

    @Property(seed = "20240611", tries = 500)
    void printedTreesParseBackAndEvaluateEqual(@ForAll("trees") Node tree) {
        String text = Printer.print(tree);
        Expression parsed = Expression.parse(text);
        assertEquals(tree, parsed.root(), text);
        assertEquals(text, parsed.toString());
        double expected = interpret(tree);
        double actual = parsed.evaluate(POINT);
        assertEquals(bits(expected), bits(actual), text + ": expected " + expected + ", was " + actual);
    }

    @Property(seed = "20240612", tries = 300)
    void spacingAndRedundantParenthesesDoNotMatter(@ForAll("trees") Node tree) {
        String spaced = spaced(tree);
        assertEquals(tree, Expression.parse(spaced).root(), spaced);
    }

    @Provide
    Arbitrary<Node> trees() {
        return tree(4);
    }

    private static Arbitrary<Node> tree(int depth) {
        Arbitrary<Node> leaf = Arbitraries.oneOf(
                Arbitraries.of(0.0, 1.0, 2.0, 3.0, 0.5, 0.1, 2.5e-7, 1e22, 12345.678).map(Node.Num::new),
                Arbitraries.doubles().between(0, 100).map(Node.Num::new),
                Arbitraries.of("x", "y", "z_1", "θ").map(Node.Var::new),
                Arbitraries.of(new Node.Const("pi", Math.PI), new Node.Const("e", Math.E)));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Node> sub = Arbitraries.lazy(() -> tree(depth - 1));
        List<Builtin> unary = new ArrayList<>();
        for (Builtin b : Builtin.values()) {
            if (b.arity == 1) {
                unary.add(b);
            }
        }
        Arbitrary<Node> chain = Combinators.combine(
                sub,
                Combinators.combine(Arbitraries.of(true, false), sub).as(Tuple::of).list().ofMinSize(1).ofMaxSize(3),
                Arbitraries.of(true, false)).as((first, links, additive) -> {
                    List<Node.Step> steps = new ArrayList<>();
                    for (var link : links) {
                        Node.Op op = additive
                                ? (link.get1() ? Node.Op.ADD : Node.Op.SUB)
                                : (link.get1() ? Node.Op.MUL : Node.Op.DIV);
                        steps.add(new Node.Step(op, link.get2()));
                    }
                    return new Node.Chain(first, steps);
                });
        return Arbitraries.frequencyOf(
                Tuple.of(3, leaf),
                Tuple.of(1, sub.map(Node.Neg::new)),
                Tuple.of(1, Combinators.combine(sub, sub).as(Node.Power::new)),
                Tuple.of(1, Combinators.combine(Arbitraries.of(unary), sub)
                        .as((f, a) -> (Node) new Node.Call(f, List.of(a)))),
                Tuple.of(1, Combinators.combine(Arbitraries.of(Builtin.MAX, Builtin.MIN), sub, sub)
                        .as((f, a, b) -> (Node) new Node.Call(f, List.of(a, b)))),
                Tuple.of(2, chain));
    }

    /** The reference: a direct recursive interpretation of the documented meaning. */
    private static double interpret(Node node) {
        if (node instanceof Node.Num) {
            return ((Node.Num) node).value();
        }
        if (node instanceof Node.Const) {
            return ((Node.Const) node).value();
        }
        if (node instanceof Node.Var) {
            return POINT.get(((Node.Var) node).name());
        }
        if (node instanceof Node.Neg) {
            return -interpret(((Node.Neg) node).operand());
        }
        if (node instanceof Node.Power) {
            double base = interpret(((Node.Power) node).base());
            double exponent = interpret(((Node.Power) node).exponent());
            // Documented: a square is a product and a square root is Math.sqrt, as the tensor ops compute them.
            if (exponent == 2.0) {
                return base * base;
            }
            return exponent == 0.5 ? Math.sqrt(base) : Math.pow(base, exponent);
        }
        if (node instanceof Node.Call) {
            Node.Call call = (Node.Call) node;
            double a = interpret(call.args().get(0));
            return call.function().arity == 1 ? call.function().apply(a)
                    : call.function().apply(a, interpret(call.args().get(1)));
        }
        Node.Chain chain = (Node.Chain) node;
        double r = interpret(chain.first());
        for (Node.Step step : chain.steps()) {
            double v = interpret(step.operand());
            switch (step.op()) {
                case ADD: r = r + v; break;
                case SUB: r = r - v; break;
                case MUL: r = r * v; break;
                default: r = r / v; break;
            }
        }
        return r;
    }

    /** Equal bits, with every NaN counted as the same NaN. */
    private static long bits(double v) {
        return Double.doubleToLongBits(v);
    }

    /** The canonical text with spaces around every token and every operand of an operator in parentheses. */
    private static String spaced(Node node) {
        if (node instanceof Node.Num || node instanceof Node.Const || node instanceof Node.Var) {
            return " " + Printer.print(node) + " ";
        }
        if (node instanceof Node.Neg) {
            return " - ( " + spaced(((Node.Neg) node).operand()) + " ) ";
        }
        if (node instanceof Node.Power) {
            return " ( " + spaced(((Node.Power) node).base()) + " ) ** ( " + spaced(((Node.Power) node).exponent())
                    + " ) ";
        }
        if (node instanceof Node.Call) {
            Node.Call call = (Node.Call) node;
            List<String> args = new ArrayList<>();
            for (Node a : call.args()) {
                args.add(spaced(a));
            }
            return " " + call.function().text + " ( " + String.join(" , ", args) + " ) ";
        }
        Node.Chain chain = (Node.Chain) node;
        StringBuilder out = new StringBuilder(" ( " + spaced(chain.first()) + " ) ");
        for (Node.Step step : chain.steps()) {
            out.append(step.op().symbol).append(" ( ").append(spaced(step.operand())).append(" ) ");
        }
        return out.toString();
    }
}
