package dev.descent.expr;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.Map;

/**
 * Builds the autodiff graph of a tree from input tensors. Every node made here is named after the canonical text of
 * its sub-expression (partial sums and products too), so a graph drawing reads like the formula. Sub-trees without
 * variables are folded to one number first; numbers enter the graph through the tensor ops' {@code double}
 * overloads where one exists with the same rounding, and as named 0-d constants otherwise.
 */
final class GraphBuilder {
    private final Map<String, Tensor> inputs;
    private final DType dtype;

    /** A built sub-tree: a tensor, or (when {@code tensor} is null) a folded constant. */
    private record Part(Tensor tensor, double value, Node node) {
        boolean constant() {
            return tensor == null;
        }
    }

    private GraphBuilder(Map<String, Tensor> inputs, DType dtype) {
        this.inputs = inputs;
        this.dtype = dtype;
    }

    /**
     * The graph of {@code root}; {@code inputs} holds a tensor for every variable, and constants get {@code dtype}.
     * A bare variable returns its input tensor itself; input tensors are never renamed.
     */
    static Tensor build(Node root, Map<String, Tensor> inputs, DType dtype) {
        GraphBuilder builder = new GraphBuilder(inputs, dtype);
        return builder.tensor(builder.part(root));
    }

    private Part part(Node node) {
        if (node instanceof Node.Num) {
            return constant(((Node.Num) node).value(), node);
        }
        if (node instanceof Node.Const) {
            return constant(((Node.Const) node).value(), node);
        }
        if (node instanceof Node.Var) {
            return new Part(inputs.get(((Node.Var) node).name()), 0, node);
        }
        if (node instanceof Node.Neg) {
            Part a = part(((Node.Neg) node).operand());
            return a.constant() ? constant(-a.value(), node) : made(a.tensor().neg(), node);
        }
        if (node instanceof Node.Power) {
            return power((Node.Power) node);
        }
        if (node instanceof Node.Call) {
            return call((Node.Call) node);
        }
        return chain((Node.Chain) node);
    }

    private Part power(Node.Power node) {
        Part base = part(node.base());
        Part exponent = part(node.exponent());
        if (exponent.constant()) {
            return base.constant()
                    ? constant(Evaluator.pow(base.value(), exponent.value()), node)
                    : made(base.tensor().pow(exponent.value()), node);
        }
        return made(tensor(base).pow(exponent.tensor()), node);
    }

    private Part call(Node.Call node) {
        Builtin f = node.function();
        Part a = part(node.args().get(0));
        if (f.arity == 2) {
            Part b = part(node.args().get(1));
            if (a.constant() && b.constant()) {
                return constant(f.apply(a.value(), b.value()), node);
            }
            return made(select(f, tensor(a), tensor(b)), node);
        }
        if (a.constant()) {
            return constant(f.apply(a.value()), node);
        }
        Tensor x = a.tensor();
        switch (f) {
            case SQRT:
                return made(x.sqrt(), node);
            case EXP:
                return made(x.exp(), node);
            case LOG:
            case LN:
                return made(x.log(), node);
            case ABS:
                return made(x.abs(), node);
            case SIN:
                return made(x.sin(), node);
            case COS:
                return made(x.cos(), node);
            case TAN: {
                // No tensor tan: sin/cos, whose gradient (1/cos²) comes out of the quotient rule.
                String arg = Printer.name(a.node());
                Tensor sin = x.sin().named("sin(" + arg + ")");
                Tensor cos = x.cos().named("cos(" + arg + ")");
                return made(sin.div(cos), node);
            }
            case TANH:
                return made(x.tanh(), node);
            case SIGMOID:
                return made(x.sigmoid(), node);
            case RELU:
                return made(x.relu(), node);
            case SOFTPLUS:
                return made(x.softplus(), node);
            default:
                throw new IllegalStateException("no tensor form for " + f.text);
        }
    }

    /**
     * max/min as selections, so the gradient flows to the chosen argument (to {@code a} on ties): b where b beats
     * a, else a; the inner selection returns b where b is NaN, so a NaN in either argument gives NaN, as in
     * {@link Builtin#apply(double, double)}.
     */
    private static Tensor select(Builtin f, Tensor a, Tensor b) {
        Tensor beats = f == Builtin.MAX ? b.gt(a) : b.lt(a);
        Tensor notNaN = b.eq(b);
        return Tensor.where(beats, b, Tensor.where(notNaN, a, b));
    }

    private Part chain(Node.Chain node) {
        Part result = part(node.first());
        for (int i = 0; i < node.steps().size(); i++) {
            Node.Step step = node.steps().get(i);
            Part right = part(step.operand());
            if (result.constant() && right.constant()) {
                result = new Part(null, step.op().apply(result.value(), right.value()), null);
                continue;
            }
            Tensor t = combine(step.op(), result, right);
            result = new Part(t.named(Printer.name(node, i + 1)), 0, null);
        }
        return new Part(result.tensor(), result.value(), node);
    }

    // The double overloads are used only where they round exactly as the plain-double evaluator does; x / c is not
    // one of them (Tensor.div(double) multiplies by 1/c), so a divisor becomes a constant tensor.
    private Tensor combine(Node.Op op, Part left, Part right) {
        if (right.constant()) {
            Tensor a = left.tensor();
            double c = right.value();
            switch (op) {
                case ADD:
                    return a.add(c);
                case SUB:
                    return a.sub(c);
                case MUL:
                    return a.mul(c);
                default:
                    return a.div(tensor(right));
            }
        }
        Tensor b = right.tensor();
        if (left.constant()) {
            double c = left.value();
            switch (op) {
                case ADD:
                    return b.add(c);
                case SUB:
                    return b.rsub(c);
                case MUL:
                    return b.mul(c);
                default:
                    return b.rdiv(c);
            }
        }
        Tensor a = left.tensor();
        switch (op) {
            case ADD:
                return a.add(b);
            case SUB:
                return a.sub(b);
            case MUL:
                return a.mul(b);
            default:
                return a.div(b);
        }
    }

    private Tensor tensor(Part part) {
        if (!part.constant()) {
            return part.tensor();
        }
        String name = part.node() != null ? Printer.name(part.node()) : Printer.number(part.value());
        return Tensor.scalar(part.value(), dtype).named(name);
    }

    private static Part constant(double value, Node node) {
        return new Part(null, value, node);
    }

    private static Part made(Tensor t, Node node) {
        return new Part(t.named(Printer.name(node)), 0, node);
    }
}
