package dev.descent.cli.lesson;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Small helpers for the lessons' printed text: number formats and aligned tables (the words are in dev.descent.text.Messages). */
public final class Text {
    private Text() {
    }

    /** Whether the charts' sans-serif font has Chinese glyphs on this machine. */
    public static boolean canDrawChinese() {
        return new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12).canDisplayUpTo("学习率梯度损失函数") < 0;
    }

    /** {@code String.format} with the root locale, so decimals always use a dot. */
    static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** Six significant digits without trailing zeros: 18, 0.192, 2.13, 1.23457e-10. */
    public static String g(double v) {
        return dev.descent.text.Significant.of(v);
    }

    /** Accumulates rows and prints them with right-aligned columns. */
    static final class Table {
        private final List<String[]> rows = new ArrayList<>();

        Table(String... header) {
            rows.add(header);
        }

        /** Every row, the header first. */
        List<String[]> rows() {
            return rows;
        }

        Table row(Object... cells) {
            String[] r = new String[cells.length];
            for (int i = 0; i < cells.length; i++) {
                r[i] = String.valueOf(cells[i]);
            }
            rows.add(r);
            return this;
        }

        @Override
        public String toString() {
            int cols = 0;
            for (String[] r : rows) {
                cols = Math.max(cols, r.length);
            }
            int[] width = new int[cols];
            for (String[] r : rows) {
                for (int i = 0; i < r.length; i++) {
                    width[i] = Math.max(width[i], display(r[i]));
                }
            }
            StringBuilder out = new StringBuilder();
            for (String[] r : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < r.length; i++) {
                    line.append(" ".repeat(width[i] - display(r[i]) + (i == 0 ? 2 : 2))).append(r[i]);
                }
                out.append(line.toString().replaceAll("\\s+$", "")).append('\n');
            }
            return out.toString();
        }

        /** Terminal width: CJK characters take two columns. */
        private static int display(String s) {
            int w = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                w += (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xFF00 && c <= 0xFF60) ? 2 : 1;
            }
            return w;
        }
    }
}
