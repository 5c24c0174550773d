package dev.descent.expr;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The functions an expression may call, with their plain-double meaning. {@code log} and {@code ln} are both the
 * natural logarithm; they are kept apart only so the text a user wrote is the text printed back. Each value here is
 * computed exactly as the tensor op that {@code GraphBuilder} uses for the same function computes it, so both ways of
 * evaluating an expression agree to the last bit (except {@code tan}, which tensors compute as sin/cos).
 */
enum Builtin {
    SQRT("sqrt", 1),
    EXP("exp", 1),
    LOG("log", 1),
    LN("ln", 1),
    ABS("abs", 1),
    SIN("sin", 1),
    COS("cos", 1),
    TAN("tan", 1),
    TANH("tanh", 1),
    SIGMOID("sigmoid", 1),
    RELU("relu", 1),
    SOFTPLUS("softplus", 1),
    MAX("max", 2),
    MIN("min", 2);

    final String text;
    final int arity;

    Builtin(String text, int arity) {
        this.text = text;
        this.arity = arity;
    }

    /** The function called {@code name}, or null. */
    static Builtin named(String name) {
        for (Builtin b : values()) {
            if (b.text.equals(name)) {
                return b;
            }
        }
        return null;
    }

    /** All names, alphabetically, for error messages and documentation. */
    static List<String> names() {
        return Arrays.stream(values()).map(b -> b.text).sorted().collect(Collectors.toUnmodifiableList());
    }

    /** The value of a one-argument function. */
    double apply(double x) {
        switch (this) {
            case SQRT:
                return Math.sqrt(x);
            case EXP:
                return Math.exp(x);
            case LOG:
            case LN:
                return Math.log(x);
            case ABS:
                return Math.abs(x);
            case SIN:
                return Math.sin(x);
            case COS:
                return Math.cos(x);
            case TAN:
                return Math.tan(x);
            case TANH:
                return Math.tanh(x);
            case SIGMOID:
                // Two branches so exp never overflows: for x < 0, 1/(1+e^-x) = e^x/(1+e^x).
                if (x >= 0) {
                    return 1.0 / (1.0 + Math.exp(-x));
                }
                double ex = Math.exp(x);
                return ex / (1.0 + ex);
            case RELU:
                return Math.max(x, 0.0); // as Tensor.relu: NaN stays NaN
            case SOFTPLUS:
                // log(1+e^x) = max(x,0) + log1p(e^-|x|): exact for large |x| where the naive form overflows.
                return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
            default:
                throw new IllegalStateException(text + " takes " + arity + " arguments");
        }
    }

    /** The value of a two-argument function. */
    double apply(double a, double b) {
        switch (this) {
            // Math.max/min, except that a tie returns a (where the gradient goes) and -0.0 is not below 0.0: written
            // as the tensor path selects, b where b beats a, else a, except that a NaN b is returned as it is.
            case MAX:
                return b > a ? b : (b == b ? a : b);
            case MIN:
                return b < a ? b : (b == b ? a : b);
            default:
                throw new IllegalStateException(text + " takes " + arity + " argument");
        }
    }
}
