package dev.descent.data;

/**
 * How {@link Csv} reads a file: which column holds the label ({@code null} for the last one, else a header name or a
 * 0-based index), whether the label is a class or a regression target, and the field separator.
 */
public record CsvOptions(String labelColumn, boolean classification, char separator) {

    /** Checks that the separator is usable. */
    public CsvOptions {
        if (separator == '"' || separator == '\n' || separator == '\r') {
            throw new IllegalArgumentException("separator must not be a quote or a line break, was '"
                    + separator + "'");
        }
        if (labelColumn != null && labelColumn.isBlank()) {
            labelColumn = null;
        }
    }

    /** Comma-separated, label in the last column, classification. */
    public static CsvOptions defaults() {
        return new CsvOptions(null, true, ',');
    }

    /** The same options with the label in {@code column} (a header name or a 0-based index). */
    public CsvOptions withLabelColumn(String column) {
        return new CsvOptions(column, classification, separator);
    }

    /** The same options with a numeric regression target instead of class labels. */
    public CsvOptions regression() {
        return new CsvOptions(labelColumn, false, separator);
    }

    /** The same options with another field separator, e.g. {@code ';'} or {@code '\t'}. */
    public CsvOptions withSeparator(char newSeparator) {
        return new CsvOptions(labelColumn, classification, newSeparator);
    }
}
