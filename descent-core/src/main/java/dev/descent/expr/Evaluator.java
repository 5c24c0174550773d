package dev.descent.expr;

import java.util.List;
import java.util.Map;

/**
 * Compiles a tree into nested small closures over an array of variable values, for fast plain-double evaluation
 * (contour plots evaluate a 200x200 grid). Variables are bound to array slots once, at compile time, so evaluation
 * does no lookups; sub-trees without variables are folded to their value.
 */
final class Evaluator {

    /** A compiled (sub-)expression: its value given the variables' values, slot by slot. */
    @FunctionalInterface
    interface Program {
        double at(double[] slots);
    }

    /** A folded constant; kept distinct so parents can fold too. */
    private record Constant(double value) implements Program {
        @Override
        public double at(double[] slots) {
            return value;
        }
    }

    private Evaluator() {}

    /** Compiles {@code node}; {@code slots} maps every variable in it to its index in the values array. */
    static Program compile(Node node, Map<String, Integer> slots) {
        if (node instanceof Node.Num) {
            return new Constant(((Node.Num) node).value());
        }
        if (node instanceof Node.Const) {
            return new Constant(((Node.Const) node).value());
        }
        if (node instanceof Node.Var) {
            int slot = slots.get(((Node.Var) node).name());
            return x -> x[slot];
        }
        if (node instanceof Node.Neg) {
            Program a = compile(((Node.Neg) node).operand(), slots);
            if (a instanceof Constant) {
                return new Constant(-((Constant) a).value());
            }
            return x -> -a.at(x);
        }
        if (node instanceof Node.Power) {
            Node.Power power = (Node.Power) node;
            return power(compile(power.base(), slots), compile(power.exponent(), slots));
        }
        if (node instanceof Node.Call) {
            return call((Node.Call) node, slots);
        }
        return chain((Node.Chain) node, slots);
    }

    private static Program power(Program base, Program exponent) {
        if (base instanceof Constant && exponent instanceof Constant) {
            return new Constant(pow(((Constant) base).value(), ((Constant) exponent).value()));
        }
        if (exponent instanceof Constant) {
            double p = ((Constant) exponent).value();
            if (p == 2.0) {
                return x -> {
                    double b = base.at(x);
                    return b * b;
                };
            }
            if (p == 0.5) {
                return x -> Math.sqrt(base.at(x));
            }
            return x -> Math.pow(base.at(x), p);
        }
        return x -> Math.pow(base.at(x), exponent.at(x));
    }

    /**
     * {@code a^p} for a constant exponent, as {@code Tensor.pow(double)} computes it: squares by multiplication and
     * square roots by {@link Math#sqrt} (which differs from {@code Math.pow(a, 0.5)} at -0.0 and -infinity).
     */
    static double pow(double a, double p) {
        if (p == 2.0) {
            return a * a;
        }
        return p == 0.5 ? Math.sqrt(a) : Math.pow(a, p);
    }

    private static Program call(Node.Call call, Map<String, Integer> slots) {
        Builtin f = call.function();
        List<Node> args = call.args();
        Program a = compile(args.get(0), slots);
        if (f.arity == 1) {
            if (a instanceof Constant) {
                return new Constant(f.apply(((Constant) a).value()));
            }
            return x -> f.apply(a.at(x));
        }
        Program b = compile(args.get(1), slots);
        if (a instanceof Constant && b instanceof Constant) {
            return new Constant(f.apply(((Constant) a).value(), ((Constant) b).value()));
        }
        return x -> f.apply(a.at(x), b.at(x));
    }

    private static Program chain(Node.Chain chain, Map<String, Integer> slots) {
        // The chain means (((a op b) op c) ...). A leading run of constants is folded (later constants are not: that
        // would reassociate). One remaining link gets its own closure, the common case; longer chains run as a loop
        // so that evaluating a sum of thousands of terms stays one stack frame deep.
        List<Node.Step> steps = chain.steps();
        Program first = compile(chain.first(), slots);
        int i = 0;
        while (i < steps.size() && first instanceof Constant) {
            Program next = compile(steps.get(i).operand(), slots);
            first = binary(steps.get(i).op(), first, next);
            i++;
        }
        int n = steps.size() - i;
        if (n == 0) {
            return first;
        }
        if (n == 1) {
            return binary(steps.get(i).op(), first, compile(steps.get(i).operand(), slots));
        }
        Node.Op[] ops = new Node.Op[n];
        Program[] operands = new Program[n];
        for (int k = 0; k < n; k++) {
            ops[k] = steps.get(i + k).op();
            operands[k] = compile(steps.get(i + k).operand(), slots);
        }
        Program head = first;
        return x -> {
            double r = head.at(x);
            for (int k = 0; k < ops.length; k++) {
                r = ops[k].apply(r, operands[k].at(x));
            }
            return r;
        };
    }

    private static Program binary(Node.Op op, Program a, Program b) {
        if (a instanceof Constant && b instanceof Constant) {
            return new Constant(op.apply(((Constant) a).value(), ((Constant) b).value()));
        }
        switch (op) {
            case ADD:
                return x -> a.at(x) + b.at(x);
            case SUB:
                return x -> a.at(x) - b.at(x);
            case MUL:
                return x -> a.at(x) * b.at(x);
            default:
                return x -> a.at(x) / b.at(x);
        }
    }
}
