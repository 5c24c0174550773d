package dev.descent.expr;

import dev.descent.tensor.DType;
import dev.descent.tensor.GradMode;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed arithmetic expression such as {@code x^2+5} or {@code (x^2+y-11)^2+(x+y^2-7)^2}: evaluated on plain
 * doubles (fast, for contour grids) or built into the autodiff graph from tensors (for gradients and graph drawings).
 * Immutable and safe to share between threads.
 *
 * <p>The language:
 * <ul>
 *   <li>numbers: {@code 3}, {@code 2.5}, {@code .5}, {@code 1.}, {@code 1e-3}, {@code 6.02E23};</li>
 *   <li>variables: a letter or {@code _} then letters, digits or {@code _} (Greek letters too: {@code θ}),
 *       case-sensitive; the constants {@code pi} and {@code e} and the function names cannot be variables;</li>
 *   <li>operators, loosest first: {@code + -} (left-associative); {@code * /} (left-associative); unary
 *       {@code -} and {@code +}; {@code ^} or {@code **} (right-associative). So {@code -x^2 = -(x^2)},
 *       {@code 2^3^2 = 2^9} and {@code 2^-x} is allowed;</li>
 *   <li>parentheses, and calls of the functions {@code sqrt exp log ln abs sin cos tan tanh sigmoid relu softplus}
 *       (one argument; {@code log} and {@code ln} are both natural logarithms) and {@code max(a, b)},
 *       {@code min(a, b)}.</li>
 * </ul>
 * Implicit multiplication ({@code 2x}, {@code x(y+1)}) is refused with a hint to write {@code *}. Sources longer than
 * {@link #MAX_LENGTH} characters or nested deeper than {@link #MAX_DEPTH} levels (parentheses, calls, unary signs and
 * exponents each count one; a parenthesis right before a sign counts with it, so that {@link #toString()}'s
 * {@code x*(-y)} nests no deeper than {@code x*-y}) are refused too. Every refusal is an {@link ExpressionException} pointing at the column.
 *
 * <p>Values are computed as the tensor ops compute them, so both ways of evaluating agree to the bit (except
 * {@code tan}, which the graph forms as sin/cos): {@code a^2} is {@code a*a}, {@code a^0.5} is {@code sqrt(a)},
 * {@code relu} keeps NaN (as PyTorch does), and {@code max}/{@code min} return {@code a} on ties (its gradient goes there too) and
 * NaN when either argument is NaN.
 */
public final class Expression {
    /** The longest source accepted, in chars. */
    public static final int MAX_LENGTH = 10_000;
    /** The deepest nesting accepted; it bounds the stack every walk over the tree needs. */
    public static final int MAX_DEPTH = 200;

    private final String source;
    private final Node root;
    private final List<String> variables;
    private final Map<String, Integer> firstUse;
    private final Evaluator.Program program;

    private Expression(String source, Node root, Map<String, Integer> firstUse) {
        this.source = source;
        this.root = root;
        this.firstUse = firstUse;
        List<String> names = new ArrayList<>(firstUse.keySet());
        Collections.sort(names);
        this.variables = List.copyOf(names);
        Map<String, Integer> slots = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            slots.put(names.get(i), i);
        }
        this.program = Evaluator.compile(root, slots);
    }

    /**
     * Parses {@code source}.
     *
     * @throws ExpressionException if the text is not an expression, with the column of the first problem
     */
    public static Expression parse(String source) {
        if (source == null) {
            throw new IllegalArgumentException("expression source must not be null");
        }
        Parser.Result parsed = Parser.parse(source);
        return new Expression(source, parsed.root(), parsed.firstUse());
    }

    /** The names of the functions an expression may call, alphabetically. */
    public static List<String> functions() {
        return Builtin.names();
    }

    /** The text this expression was parsed from, as given. */
    public String source() {
        return source;
    }

    /**
     * The variables, sorted by name ({@link String#compareTo}) so the order does not depend on how the formula is
     * written; {@link #evaluate(double...)} takes values in this order.
     */
    public List<String> variables() {
        return variables;
    }

    /**
     * The value at the given variable values; entries for names that are not variables are ignored.
     *
     * @throws ExpressionException naming the first variable (by name) that has no value, pointing at its first use
     */
    public double evaluate(Map<String, Double> values) {
        return program.at(slotValues(values));
    }

    /**
     * The value with {@code values[i]} bound to {@code variables().get(i)}: the fast path for evaluating a grid, no
     * lookups and no allocation.
     */
    public double evaluate(double... values) {
        if (values.length != variables.size()) {
            throw new IllegalArgumentException("expected " + variables.size() + " values, for " + variables
                    + " in that order, got " + values.length);
        }
        return program.at(values);
    }

    /**
     * The value and all partial derivatives at a point, by one reverse pass through the graph {@link #apply} builds
     * from 0-d F64 tensors (recording even inside a no-grad scope).
     *
     * @throws ExpressionException naming the first variable that has no value
     */
    @SuppressWarnings("try") // the scope is only opened and closed, never referenced
    public Gradient gradient(Map<String, Double> at) {
        double[] slots = slotValues(at);
        Map<String, Tensor> inputs = new HashMap<>();
        for (int i = 0; i < slots.length; i++) {
            String name = variables.get(i);
            inputs.put(name, Tensor.scalar(slots[i], DType.F64).requiresGrad(true).named(name));
        }
        Map<String, Double> partials = new LinkedHashMap<>();
        try (GradMode recording = Tensor.enableGrad()) {
            Tensor out = GraphBuilder.build(root, inputs, DType.F64);
            if (out.requiresGrad()) {
                out.backward();
            }
            for (String name : variables) {
                Tensor grad = inputs.get(name).grad();
                partials.put(name, grad == null ? 0.0 : grad.item());
            }
            return new Gradient(out.item(), partials);
        }
    }

    /**
     * Builds the expression's autodiff graph from tensors, one per variable (entries for other names are ignored),
     * and returns its output; the caller may call {@code backward()} on it or draw it. Tensors broadcast as the ops
     * do; numbers take the dtype of the first input (F64 without variables). Every node made is named after its
     * sub-expression's canonical text; the inputs keep their names, and a bare variable returns its input itself.
     *
     * @throws ExpressionException naming the first variable that has no tensor
     */
    public Tensor apply(Map<String, Tensor> inputs) {
        if (inputs == null) {
            throw new IllegalArgumentException("inputs must not be null");
        }
        DType dtype = DType.F64;
        for (int i = 0; i < variables.size(); i++) {
            Tensor t = inputs.get(variables.get(i));
            if (t == null) {
                throw missing(variables.get(i));
            }
            if (i == 0) {
                dtype = t.dtype();
            }
        }
        return GraphBuilder.build(root, inputs, dtype);
    }

    /**
     * Canonical text: no spaces (except after commas), only the parentheses the structure needs. It parses back to an
     * equal expression, within the same nesting limit; it can be longer than the source (up to about three times:
     * {@code --x} prints as {@code -(-x)}, {@code 9e14} as {@code 900000000000000}), so the text of an expression near
     * {@link #MAX_LENGTH} may itself be too long to parse.
     */
    @Override
    public String toString() {
        return Printer.print(root);
    }

    /** Two expressions are equal when they have the same structure, however they were spaced or parenthesised. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Expression && ((Expression) other).root.equals(root);
    }

    @Override
    public int hashCode() {
        return root.hashCode();
    }

    Node root() {
        return root;
    }

    private double[] slotValues(Map<String, Double> values) {
        if (values == null) {
            throw new IllegalArgumentException("values must not be null");
        }
        double[] slots = new double[variables.size()];
        for (int i = 0; i < slots.length; i++) {
            String name = variables.get(i);
            Double v = values.get(name);
            if (v == null) {
                throw missing(name);
            }
            slots[i] = v;
        }
        return slots;
    }

    private ExpressionException missing(String name) {
        return new ExpressionException(source, firstUse.get(name), "no value for variable '" + name + "'",
                "give values for " + String.join(", ", variables));
    }
}
