package dev.descent.expr;

/**
 * Prints a tree as canonical text: no spaces except after commas, and only the parentheses the tree's shape needs
 * (plus around a negation that is not at the start of a sum, for readability). Parsing the text gives the same tree.
 */
final class Printer {
    private static final int SUM = 1;
    private static final int PRODUCT = 2;
    private static final int NEGATION = 3;
    private static final int POWER = 4;
    private static final int ATOM = 5;

    // Graph-node names longer than this are cut and end in "...": a drawing cannot show more, and cutting early
    // keeps naming every node of a 10,000-character expression linear in its size.
    private static final int NAME_LENGTH = 60;

    private Printer() {}

    static String print(Node node) {
        StringBuilder out = new StringBuilder();
        print(node, out, Integer.MAX_VALUE);
        return out.toString();
    }

    /** The canonical text of {@code node}, cut to a length fit for naming a graph node. */
    static String name(Node node) {
        StringBuilder out = new StringBuilder();
        print(node, out, NAME_LENGTH);
        return cut(out);
    }

    /** The name of a partial sum or product: the text of {@code chain} cut after its first {@code steps} steps. */
    static String name(Node.Chain chain, int steps) {
        StringBuilder out = new StringBuilder();
        printChain(chain, steps, out, NAME_LENGTH);
        return cut(out);
    }

    private static String cut(StringBuilder out) {
        return out.length() <= NAME_LENGTH ? out.toString() : out.substring(0, NAME_LENGTH - 3) + "...";
    }

    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value); // round-trips exactly; "1.0E-5" is read back by the lexer
    }

    private static void print(Node node, StringBuilder out, int limit) {
        if (out.length() > limit) {
            return;
        }
        if (node instanceof Node.Num) {
            out.append(number(((Node.Num) node).value()));
        } else if (node instanceof Node.Const) {
            out.append(((Node.Const) node).name());
        } else if (node instanceof Node.Var) {
            out.append(((Node.Var) node).name());
        } else if (node instanceof Node.Neg) {
            Node operand = ((Node.Neg) node).operand();
            out.append('-');
            printGrouped(operand, precedence(operand) <= NEGATION, out, limit);
        } else if (node instanceof Node.Power) {
            Node.Power power = (Node.Power) node;
            printGrouped(power.base(), precedence(power.base()) < ATOM, out, limit);
            out.append('^');
            printGrouped(power.exponent(), precedence(power.exponent()) < POWER, out, limit);
        } else if (node instanceof Node.Call) {
            Node.Call call = (Node.Call) node;
            out.append(call.function().text).append('(');
            for (int i = 0; i < call.args().size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                print(call.args().get(i), out, limit);
            }
            out.append(')');
        } else {
            Node.Chain chain = (Node.Chain) node;
            printChain(chain, chain.steps().size(), out, limit);
        }
    }

    private static void printChain(Node.Chain chain, int steps, StringBuilder out, int limit) {
        int level = chain.additive() ? SUM : PRODUCT;
        // A chain as the first operand of a chain of the same level was written with parentheses: the parser would
        // have flattened it otherwise.
        printGrouped(chain.first(), precedence(chain.first()) <= level, out, limit);
        for (int i = 0; i < steps && out.length() <= limit; i++) {
            Node.Step step = chain.steps().get(i);
            out.append(step.op().symbol);
            int p = precedence(step.operand());
            printGrouped(step.operand(), p <= level || p == NEGATION, out, limit);
        }
    }

    private static void printGrouped(Node node, boolean parentheses, StringBuilder out, int limit) {
        if (parentheses) {
            out.append('(');
        }
        print(node, out, limit);
        if (parentheses) {
            out.append(')');
        }
    }

    private static int precedence(Node node) {
        if (node instanceof Node.Chain) {
            return ((Node.Chain) node).additive() ? SUM : PRODUCT;
        }
        if (node instanceof Node.Neg) {
            return NEGATION;
        }
        if (node instanceof Node.Power) {
            return POWER;
        }
        return ATOM;
    }
}
