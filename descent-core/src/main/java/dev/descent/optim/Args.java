package dev.descent.optim;

import dev.descent.tensor.Tensor;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;

/** Argument checks shared by the optimizers' config records and factories, and the number format of toString. */
final class Args {
    private Args() {
    }

    static double positive(String name, double value) {
        finite(name, value);
        if (!(value > 0)) {
            throw new IllegalArgumentException(name + " must be > 0, was " + value);
        }
        return value;
    }

    static double nonNegative(String name, double value) {
        finite(name, value);
        if (!(value >= 0)) {
            throw new IllegalArgumentException(name + " must be >= 0, was " + value);
        }
        return value;
    }

    /** 0 ≤ value < 1, as for decay rates such as beta1, beta2, rho, alpha, momentum. */
    static double unitInterval(String name, double value) {
        finite(name, value);
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), was " + value);
        }
        return value;
    }

    /** 0 ≤ value ≤ 1. */
    static double closedUnitInterval(String name, double value) {
        finite(name, value);
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], was " + value);
        }
        return value;
    }

    static int positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, was " + value);
        }
        return value;
    }

    private static void finite(String name, double value) {
        if (Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite, was " + value);
        }
    }

    /** An unmodifiable copy of a non-empty list of distinct leaf tensors. */
    static List<Tensor> parameters(List<Tensor> parameters) {
        Objects.requireNonNull(parameters, "parameters");
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("parameters must not be empty");
        }
        IdentityHashMap<Tensor, Integer> seen = new IdentityHashMap<>();
        List<Tensor> out = new ArrayList<>(parameters.size());
        for (int i = 0; i < parameters.size(); i++) {
            Tensor p = parameters.get(i);
            if (p == null) {
                throw new IllegalArgumentException("parameter " + i + " is null");
            }
            if (!p.isLeaf()) {
                throw new IllegalArgumentException("parameter " + i + " is not a leaf tensor (it was made by '"
                        + p.gradFn().op() + "'); optimizers update leaf tensors");
            }
            Integer first = seen.put(p, i);
            if (first != null) {
                throw new IllegalArgumentException("parameter " + i + " is the same tensor as parameter " + first);
            }
            out.add(p);
        }
        return List.copyOf(out);
    }

    /** A double as Python's repr writes it ({@code 0.001}, {@code 1e-08}, {@code 0.9}), so configs read like PyTorch's. */
    static String show(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        if (value == 0) {
            return (1 / value < 0) ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        int exponent = exact.precision() - exact.scale() - 1;
        if (exponent >= -4 && exponent < 16) {
            String plain = exact.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String digits = exact.unscaledValue().abs().toString();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String sign = value < 0 ? "-" : "";
        String exp = String.format("%s%02d", exponent < 0 ? "-" : "+", Math.abs(exponent));
        return sign + mantissa + "e" + exp;
    }
}
