package dev.descent.data;

/**
 * How {@link Csv} reads a file: which column holds the label ({@code null} for the last one, else a header name or a
 * 0-based index), whether the label is a class or a regression target, the field separator, and whether the first
 * line is a header ({@link Header#AUTO}: decided by its content, see {@link Csv}).
 */
public record CsvOptions(String labelColumn, boolean classification, char separator, Header header) {

    /** Whether the first non-blank line names the columns. */
    public enum Header {
        /** A header unless all its fields, the label's aside, are numbers. */
        AUTO,
        /** The first line is a header. */
        YES,
        /** Every line is data; columns are named by their 0-based index. */
        NO
    }

    /** Checks that the separator is usable. */
    public CsvOptions {
        if (separator == '"' || separator == '\n' || separator == '\r') {
            throw new IllegalArgumentException("separator must not be a quote or a line break, was '"
                    + separator + "'");
        }
        if (labelColumn != null && labelColumn.isBlank()) {
            labelColumn = null;
        }
        if (header == null) {
            throw new IllegalArgumentException("header must not be null (AUTO, YES or NO)");
        }
    }

    /** Options whose first line is a header or data as its content says ({@link Header#AUTO}). */
    public CsvOptions(String labelColumn, boolean classification, char separator) {
        this(labelColumn, classification, separator, Header.AUTO);
    }

    /** Comma-separated, label in the last column, classification, header decided by content. */
    public static CsvOptions defaults() {
        return new CsvOptions(null, true, ',', Header.AUTO);
    }

    /** The same options with the label in {@code column} (a header name or a 0-based index). */
    public CsvOptions withLabelColumn(String column) {
        return new CsvOptions(column, classification, separator, header);
    }

    /** The same options with a numeric regression target instead of class labels. */
    public CsvOptions regression() {
        return new CsvOptions(labelColumn, false, separator, header);
    }

    /** The same options with another field separator, e.g. {@code ';'} or {@code '\t'}. */
    public CsvOptions withSeparator(char newSeparator) {
        return new CsvOptions(labelColumn, classification, newSeparator, header);
    }

    /** The same options with the first line read as {@code newHeader} says. */
    public CsvOptions withHeader(Header newHeader) {
        return new CsvOptions(labelColumn, classification, separator, newHeader);
    }
}
