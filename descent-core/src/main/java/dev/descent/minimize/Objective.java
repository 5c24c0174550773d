package dev.descent.minimize;

import dev.descent.expr.Expression;
import dev.descent.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * A function to minimize: its variables, its autodiff graph (for gradients) and a fast plain evaluation (for
 * contour grids). An {@link Expression} is one; a regression loss over (w, b) is another (the lessons' line fit).
 */
public interface Objective {
    /** The variable names, in the order points are given. */
    List<String> variables();

    /** Builds the graph from one tensor per variable and returns the scalar output. */
    Tensor apply(Map<String, Tensor> inputs);

    /** The value at a point given in the order of {@link #variables()}. */
    double value(double... point);

    /** How to show the function to a reader, e.g. {@code x^2+5}. */
    String describe();

    /** The function in words of {@code m}'s language (the formula alone unless the objective says more). */
    default String describe(dev.descent.text.Messages m) {
        return describe();
    }

    /** An expression as an objective. */
    static Objective of(Expression expression) {
        return new Objective() {
            @Override
            public List<String> variables() {
                return expression.variables();
            }

            @Override
            public Tensor apply(Map<String, Tensor> inputs) {
                return expression.apply(inputs);
            }

            @Override
            public double value(double... point) {
                return expression.evaluate(point);
            }

            @Override
            public String describe() {
                return expression.source().strip();
            }
        };
    }
}
