package dev.descent.text;

import java.util.Locale;

/** Numbers as people read them in traces and tables: six significant digits without trailing zeros (18, 0.192, 2.13, 1.23457e-10), the same in the terminal and on the web page. */
public final class Significant {
    private Significant() {
    }

    /** Six significant digits without trailing zeros; {@code NaN} and infinities as Java writes them. */
    public static String of(double v) {
        if (!Double.isFinite(v)) {
            return String.valueOf(v);
        }
        String s = String.format(Locale.ROOT, "%.6g", v);
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        String exponent = e < 0 ? "" : s.substring(e);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return mantissa + exponent;
    }
}
