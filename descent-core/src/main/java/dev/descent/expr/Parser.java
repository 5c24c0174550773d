package dev.descent.expr;

import dev.descent.expr.Lexer.Kind;
import dev.descent.expr.Lexer.Token;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Recursive-descent parser for the grammar documented on {@link Expression}:
 *
 * <pre>
 * sum     := product (('+' | '-') product)*
 * product := unary (('*' | '/') unary)*
 * unary   := ('-' | '+') unary | power
 * power   := primary ('^' unary)?            -- '**' is read as '^'
 * primary := NUMBER | NAME | NAME '(' [sum (',' sum)*] ')' | '(' sum ')'
 * </pre>
 *
 * Only parentheses, calls, unary signs and exponents recurse; each of them counts one level of nesting (a '(' right
 * before a sign counts together with it), and the count is checked against {@link Expression#MAX_DEPTH} before
 * recursing, so the Java stack needed is bounded.
 */
final class Parser {

    /** The tree and where each variable first appears, in order of first appearance. */
    record Result(Node root, Map<String, Integer> firstUse) {}

    private final String source;
    private final Lexer lexer;
    private final Map<String, Integer> firstUse = new LinkedHashMap<>();
    private Token previous;
    private Token current;
    private int depth;

    private Parser(String source) {
        this.source = source;
        this.lexer = new Lexer(source);
    }

    static Result parse(String source) {
        if (source.length() > Expression.MAX_LENGTH) {
            throw new ExpressionException(source, Expression.MAX_LENGTH,
                    "expression too long (" + source.length() + " characters)",
                    "at most " + Expression.MAX_LENGTH + " are accepted");
        }
        Parser parser = new Parser(source);
        parser.advance();
        if (parser.current.kind() == Kind.END) {
            throw new ExpressionException(source, 0, "empty expression", "write something like x^2+5");
        }
        Node root = parser.sum();
        Token rest = parser.current;
        if (rest.kind() == Kind.RPAREN) {
            throw new ExpressionException(source, rest.start(), "unmatched ')'",
                    "parentheses are unbalanced, there is no '(' before it");
        }
        if (rest.kind() != Kind.END) {
            throw parser.unexpected(rest, null);
        }
        return new Result(root, Map.copyOf(parser.firstUse));
    }

    private Node sum() {
        Node first = product();
        List<Node.Step> steps = new ArrayList<>();
        while (current.kind() == Kind.PLUS || current.kind() == Kind.MINUS) {
            Node.Op op = current.kind() == Kind.PLUS ? Node.Op.ADD : Node.Op.SUB;
            advance();
            steps.add(new Node.Step(op, product()));
        }
        return steps.isEmpty() ? first : new Node.Chain(first, steps);
    }

    private Node product() {
        Node first = unary();
        List<Node.Step> steps = new ArrayList<>();
        while (current.kind() == Kind.STAR || current.kind() == Kind.SLASH) {
            Node.Op op = current.kind() == Kind.STAR ? Node.Op.MUL : Node.Op.DIV;
            advance();
            steps.add(new Node.Step(op, unary()));
        }
        return steps.isEmpty() ? first : new Node.Chain(first, steps);
    }

    private Node unary() {
        if (current.kind() == Kind.MINUS || current.kind() == Kind.PLUS) {
            boolean minus = current.kind() == Kind.MINUS;
            enter(current);
            advance();
            Node operand = unary();
            depth--;
            return minus ? new Node.Neg(operand) : operand;
        }
        return power();
    }

    private Node power() {
        Node base = primary();
        if (current.kind() != Kind.CARET) {
            return base;
        }
        enter(current);
        advance();
        Node exponent = unary(); // right-associative: a^b^c = a^(b^c); and 2^-x is allowed
        depth--;
        return new Node.Power(base, exponent);
    }

    private Node primary() {
        Token t = current;
        switch (t.kind()) {
            case NUMBER:
                advance();
                return new Node.Num(t.value());
            case LPAREN: {
                advance();
                // A '(' right before a sign counts as one level with the sign: the canonical text writes a negation
                // inside a product, power or negation as (-x), and must parse back within the source's limit.
                boolean counted = current.kind() != Kind.MINUS && current.kind() != Kind.PLUS;
                if (counted) {
                    enter(t);
                }
                Node inner = sum();
                close(t);
                if (counted) {
                    depth--;
                }
                return inner;
            }
            case NAME:
                advance();
                return current.kind() == Kind.LPAREN ? call(t) : name(t);
            default:
                throw unexpected(t, "expected a number, a variable, a function or '('");
        }
    }

    private Node name(Token t) {
        String name = t.text();
        if (name.equals("pi")) {
            return new Node.Const(name, Math.PI);
        }
        if (name.equals("e")) {
            return new Node.Const(name, Math.E);
        }
        if (Builtin.named(name) != null) {
            throw new ExpressionException(source, t.end(), "function '" + name + "' needs '('",
                    "write " + name + "(...)");
        }
        firstUse.putIfAbsent(name, t.start());
        return new Node.Var(name);
    }

    private Node call(Token name) {
        Builtin function = Builtin.named(name.text());
        Token open = current;
        if (function == null) {
            if (name.text().equals("pi") || name.text().equals("e")) {
                throw implicitMultiplication(name, open);
            }
            Builtin lower = Builtin.named(name.text().toLowerCase(Locale.ROOT));
            String hint = lower != null
                    ? "did you mean '" + lower.text + "'?"
                    : "known functions are " + String.join(", ", Builtin.names())
                            + "; to multiply, write '" + name.text() + "*('";
            throw new ExpressionException(source, name.start(), "unknown function '" + name.text() + "'", hint);
        }
        enter(open);
        advance();
        List<Node> args = new ArrayList<>();
        if (current.kind() != Kind.RPAREN) {
            args.add(sum());
            while (current.kind() == Kind.COMMA) {
                advance();
                args.add(sum());
            }
        }
        close(open);
        depth--;
        if (args.size() != function.arity) {
            throw new ExpressionException(source, name.start(),
                    "wrong number of arguments to " + function.text,
                    function.text + " takes " + function.arity + (function.arity == 1 ? " argument" : " arguments")
                            + ", got " + args.size());
        }
        return new Node.Call(function, args);
    }

    /** Consumes the ')' matching {@code open}, or explains why it is not there. */
    private void close(Token open) {
        if (current.kind() == Kind.RPAREN) {
            advance();
            return;
        }
        if (current.kind() == Kind.END) {
            throw new ExpressionException(source, open.start(), "unclosed '('",
                    "parentheses are unbalanced, add ')' to close it");
        }
        int column = source.codePointCount(0, open.start()) + 1;
        throw unexpected(current, "expected ')' to close '(' at column " + column);
    }

    private ExpressionException unexpected(Token t, String expected) {
        if (startsOperand(t) && endsOperand(previous)) {
            return implicitMultiplication(previous, t);
        }
        return new ExpressionException(source, t.start(), "unexpected " + t.describe(),
                t.kind() == Kind.END || t.kind() == Kind.COMMA ? expected : null);
    }

    private ExpressionException implicitMultiplication(Token left, Token right) {
        String rightText = right.kind() == Kind.LPAREN ? "(" : right.text();
        return new ExpressionException(source, right.start(), "missing operator before " + right.describe(),
                "implicit multiplication is not supported, write '" + left.text() + "*" + rightText + "'");
    }

    private static boolean startsOperand(Token t) {
        return t.kind() == Kind.NUMBER || t.kind() == Kind.NAME || t.kind() == Kind.LPAREN;
    }

    private static boolean endsOperand(Token t) {
        return t != null && (t.kind() == Kind.NUMBER || t.kind() == Kind.NAME || t.kind() == Kind.RPAREN);
    }

    private void enter(Token t) {
        if (++depth > Expression.MAX_DEPTH) {
            throw new ExpressionException(source, t.start(), "expression nested too deeply",
                    "at most " + Expression.MAX_DEPTH + " levels of parentheses, calls, signs and powers");
        }
    }

    private void advance() {
        previous = current;
        current = lexer.next();
    }
}
