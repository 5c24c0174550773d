package dev.descent.expr;

import java.util.List;

/**
 * The parsed syntax tree. Parentheses leave no node of their own: the tree's shape is the grouping. Chains of
 * {@code +}/{@code -} and of {@code *}/{@code /} are flat lists folded left to right, so a long sum is one wide node
 * instead of a deep one and nothing that walks the tree can run out of stack.
 */
sealed interface Node {

    /** A number literal as written; literals are never negative ({@code -2} is a {@link Neg}). */
    record Num(double value) implements Node {}

    /** A named constant: {@code pi} or {@code e}. */
    record Const(String name, double value) implements Node {}

    /** A variable, bound to a value or an input tensor when the expression is used. */
    record Var(String name) implements Node {}

    /** Unary minus. */
    record Neg(Node operand) implements Node {}

    /** {@code base ^ exponent}. */
    record Power(Node base, Node exponent) implements Node {}

    /** A built-in function applied to its arguments (as many as its arity). */
    record Call(Builtin function, List<Node> args) implements Node {
        public Call {
            args = List.copyOf(args);
        }
    }

    /**
     * {@code first op1 operand1 op2 operand2 ...} folded left to right; all operators of one chain have the same
     * precedence (all additive or all multiplicative) and there is at least one step.
     */
    record Chain(Node first, List<Step> steps) implements Node {
        public Chain {
            steps = List.copyOf(steps);
            if (steps.isEmpty()) {
                throw new IllegalArgumentException("a chain needs at least one step");
            }
        }

        boolean additive() {
            return steps.get(0).op().additive();
        }
    }

    /** One link of a {@link Chain}: an operator and its right operand. */
    record Step(Op op, Node operand) {}

    /** The four left-associative binary operators. */
    enum Op {
        ADD('+'),
        SUB('-'),
        MUL('*'),
        DIV('/');

        final char symbol;

        Op(char symbol) {
            this.symbol = symbol;
        }

        boolean additive() {
            return this == ADD || this == SUB;
        }

        double apply(double a, double b) {
            switch (this) {
                case ADD:
                    return a + b;
                case SUB:
                    return a - b;
                case MUL:
                    return a * b;
                default:
                    return a / b;
            }
        }
    }
}
