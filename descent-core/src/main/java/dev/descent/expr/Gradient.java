package dev.descent.expr;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An expression's value at a point and its partial derivatives there, by variable name in the order of
 * {@link Expression#variables()}.
 */
public record Gradient(double value, Map<String, Double> partials) {

    public Gradient {
        if (partials == null) {
            throw new IllegalArgumentException("partials must not be null");
        }
        partials = Collections.unmodifiableMap(new LinkedHashMap<>(partials));
    }

    /** The partial derivative with respect to {@code variable}. */
    public double partial(String variable) {
        Double d = partials.get(variable);
        if (d == null) {
            throw new IllegalArgumentException("no partial derivative for '" + variable + "'; the variables are "
                    + String.join(", ", partials.keySet()));
        }
        return d;
    }
}
