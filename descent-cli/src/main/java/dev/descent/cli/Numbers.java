package dev.descent.cli;

import java.util.Locale;

/** How the commands print numbers: short, locale-independent, NaN as a dash. */
final class Numbers {
    private Numbers() {
    }

    /** {@code 3.0} → "3", {@code 0.001} → "0.001", {@code 1.2345678e-5} → "1.235e-05". */
    static String compact(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.4g", v);
        if (s.contains("e")) {
            return s;
        }
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    /** A fraction as a percentage with two decimals, "-" for NaN. */
    static String percent(double fraction) {
        return Double.isNaN(fraction) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }

    /** Four significant digits, "-" for NaN. */
    static String g4(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4g", v);
    }

    /** {@code text} right-aligned in {@code width} terminal columns, a CJK character counting as two. */
    static String padLeft(String text, int width) {
        int shown = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            shown += c >= 0x2E80 && c <= 0x9FFF || c >= 0xFF00 && c <= 0xFFEF ? 2 : 1;
        }
        return " ".repeat(Math.max(0, width - shown)) + text;
    }

    /** A count with thousands separators: 13,002. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
