package dev.descent.minimize;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stopping rule for {@link Descender}: the value, the gradient's length or the last step's length falls below a
 * threshold. Written as {@code f<1e-3}, {@code grad<1e-6} or {@code step<1e-9}.
 */
public record Until(Kind kind, double threshold) {
    /** What is compared with the threshold. */
    public enum Kind { VALUE, GRADIENT, STEP }

    private static final Pattern FORM = Pattern.compile("\\s*(f|loss|grad|step)\\s*<\\s*([-+0-9.eE]+)\\s*");

    public Until {
        if (kind == null || !Double.isFinite(threshold)) {
            throw new IllegalArgumentException("until: a kind and a finite threshold are required");
        }
    }

    /** Parses {@code f<1e-3}, {@code grad<1e-6} or {@code step<1e-9}. */
    public static Until parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text);
        double threshold = Double.NaN;
        if (m.matches()) {
            try {
                threshold = Double.parseDouble(m.group(2));
            } catch (NumberFormatException e) {
                threshold = Double.NaN;
            }
        }
        if (!m.matches() || !Double.isFinite(threshold)) {
            throw new IllegalArgumentException("--until must look like f<1e-3, grad<1e-6 or step<1e-9, was '"
                    + text + "'");
        }
        Kind kind = switch (m.group(1)) {
            case "grad" -> Kind.GRADIENT;
            case "step" -> Kind.STEP;
            default -> Kind.VALUE;
        };
        return new Until(kind, threshold);
    }

    /** True when the rule holds for a point with this value, gradient length and last step length. */
    public boolean holds(double value, double gradientNorm, double stepNorm) {
        return switch (kind) {
            case VALUE -> value < threshold;
            case GRADIENT -> gradientNorm < threshold;
            case STEP -> stepNorm < threshold;
        };
    }

    @Override
    public String toString() {
        String name = switch (kind) {
            case VALUE -> "f";
            case GRADIENT -> "|grad|";
            case STEP -> "|step|";
        };
        return name + " < " + String.format(Locale.ROOT, "%g", threshold).replaceAll("\\.?0+e", "e");
    }
}
