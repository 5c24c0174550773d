package dev.descent.cli.lesson;

/**
 * What the reader of a lesson page changed: the page's URL parameters, read with bounds. A value out of bounds or not
 * a number is an {@link IllegalArgumentException} naming the parameter, shown on the page as one line.
 */
public interface Query {
    /** The parameter's text, or {@code fallback} when absent or blank. */
    String text(String name, String fallback);

    /** The parameter as a finite number within [{@code min}, {@code max}], or {@code fallback} when absent. */
    default double number(String name, double fallback, double min, double max) {
        String v = text(name, null);
        if (v == null) {
            return fallback;
        }
        double x;
        try {
            x = Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, was '" + v + "'");
        }
        if (!(x >= min && x <= max)) {
            throw new IllegalArgumentException(name + " must be between " + Text.g(min) + " and " + Text.g(max)
                    + ", was " + v.strip());
        }
        return x;
    }

    /** No parameters: every lesson as the command runs it. */
    static Query none() {
        return (name, fallback) -> fallback;
    }

    /** Parameters from a map, for tests and programs. */
    static Query of(java.util.Map<String, String> values) {
        return (name, fallback) -> {
            String v = values.get(name);
            return v == null || v.isBlank() ? fallback : v;
        };
    }
}
