package dev.descent.minimize;

import dev.descent.text.Significant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads points written as {@code x=7000} or {@code w=3,b=4} on the command line. */
public final class Points {
    private Points() {
    }

    /**
     * The values for {@code variables}, in their order, from {@code text}; {@code option} names the option in
     * messages. Every variable needs a value and every name must be a variable.
     */
    public static double[] parse(String option, String text, List<String> variables) {
        Map<String, Double> given = new LinkedHashMap<>();
        if (text != null && !text.isBlank()) {
            for (String part : text.split(",")) {
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(option + " expects name=value pairs joined by ',' "
                            + "(e.g. x=7000 or w=3,b=4), got '" + part.strip() + "'");
                }
                String name = part.substring(0, eq).strip();
                String value = part.substring(eq + 1).strip();
                double v;
                try {
                    v = Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(option + ": '" + value + "' is not a number (for " + name
                            + ")");
                }
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(option + ": " + name + " must be finite, was " + value);
                }
                if (given.put(name, v) != null) {
                    throw new IllegalArgumentException(option + ": " + name + " is given twice");
                }
            }
        }
        for (String name : given.keySet()) {
            if (!variables.contains(name)) {
                throw new IllegalArgumentException(option + ": '" + name + "' is not a variable of the expression; "
                        + "its variables are " + (variables.isEmpty() ? "(none)" : String.join(", ", variables)));
            }
        }
        List<String> missing = new ArrayList<>();
        double[] out = new double[variables.size()];
        for (int i = 0; i < out.length; i++) {
            Double v = given.get(variables.get(i));
            if (v == null) {
                missing.add(variables.get(i));
            } else {
                out[i] = v;
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(option + " needs a value for " + String.join(", ", missing)
                    + " (e.g. " + option + " " + String.join(",", variables.stream().map(n -> n + "=1").toList())
                    + ")");
        }
        return out;
    }

    /**
     * {@code variables} reordered as {@code text} names them ({@code w=3,b=4} puts w first), the others after in
     * their own order: tables and JSON then read in the user's order rather than alphabetically.
     */
    public static List<String> order(String text, List<String> variables) {
        List<String> out = new ArrayList<>();
        if (text != null) {
            for (String part : text.split(",")) {
                int eq = part.indexOf('=');
                String name = eq < 0 ? "" : part.substring(0, eq).strip();
                if (variables.contains(name) && !out.contains(name)) {
                    out.add(name);
                }
            }
        }
        for (String v : variables) {
            if (!out.contains(v)) {
                out.add(v);
            }
        }
        return out;
    }

    /** {@code x = 7000, y = 3}, for messages and headers. */
    public static String show(List<String> variables, double[] values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(variables.get(i)).append(" = ").append(Significant.of(values[i]));
        }
        return sb.toString();
    }
}
