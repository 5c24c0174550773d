package dev.descent.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Reads a CSV file into a {@link Dataset}: every column but the label column is a numeric feature. Class labels that
 * are all non-negative integers are used as class indices; any other labels are strings, numbered in sorted order
 * and kept as {@link Dataset#classNames()}. Fields may be quoted with {@code "}.
 *
 * <p>The first non-blank line is a header unless all its fields, the label column's aside, are numbers: then it is
 * the first row of data (a file without a header loses no row). {@link CsvOptions.Header} forces either reading;
 * a label column given by name needs a header. {@link #load} also says what it decided and how many lines it read.
 */
public final class Csv {
    /** Integer labels above this are surely not class indices (the one-hot targets would be absurd). */
    private static final int MAX_CLASS_INDEX = 65_535;
    /** More columns than this is not a table of features (a 1000×1000 image has a million pixels). */
    static final int MAX_COLUMNS = 1_000_000;
    /** Java's largest safe array length: rows × features must stay below it. */
    private static final long MAX_VALUES = Integer.MAX_VALUE - 8L;

    private Csv() {
    }

    /** Reads {@code file} with {@link CsvOptions#defaults()}: comma-separated, last column is the class. */
    public static Dataset read(Path file) {
        return read(file, CsvOptions.defaults());
    }

    /** Reads {@code file} as {@code options} say; errors name the file, line and column. */
    public static Dataset read(Path file, CsvOptions options) {
        return load(file, options).dataset();
    }

    /**
     * What reading a file found besides the data: whether its first line was a header, the data rows read and the
     * blank lines skipped. Every non-blank line is either the header or a row; a bad row is an error, never skipped.
     */
    public record Summary(boolean header, int rows, int blankLines) {
    }

    /** A data set with the {@link Summary} of reading it. */
    public record Loaded(Dataset dataset, Summary summary) {
    }

    /** Reads {@code file} as {@code options} say and reports what it read; errors name the file, line and column. */
    public static Loaded load(Path file, CsvOptions options) {
        return read(file, reader -> parse(file, reader, options));
    }

    /** What a reader of a file's lines makes of them. */
    private interface Reading<T> {
        T from(BufferedReader reader) throws IOException;
    }

    /**
     * Opens {@code file} as UTF-8 for {@code reading}, refusing what is no CSV file and turning I/O failures into
     * errors that name the file: the one place both {@link #load} and {@link #numberRows} open files.
     */
    private static <T> T read(Path file, Reading<T> reading) {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            // /dev/zero or /dev/urandom would be read forever, a directory or pipe is no table
            throw new IllegalArgumentException(file + ": not a regular file (a device, directory or pipe); expected a"
                    + " CSV file");
        }
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return reading.from(reader);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("CSV file not found: " + file, e);
        } catch (CharacterCodingException e) {
            // The reader's own message is just "Input length = 1".
            throw new IllegalArgumentException(file + ": not UTF-8 text (a binary file, or a spreadsheet saved in"
                    + " another encoding? save it as CSV UTF-8)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Loaded parse(Path file, BufferedReader reader, CsvOptions options) throws IOException {
        String where = String.valueOf(file);
        int lineNumber = 0;
        int blankLines = 0;
        String line = null;
        List<String> first = null;
        while (first == null && (line = reader.readLine()) != null) {
            lineNumber++;
            if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1); // byte-order mark written by spreadsheet programs
            }
            if (line.isBlank()) {
                blankLines++;
            } else {
                first = split(line, options.separator(), where, lineNumber);
            }
        }
        if (first == null) {
            throw new IllegalArgumentException(where + ": empty file, expected a header line or rows of data");
        }
        if (first.size() < 2) {
            throw new IllegalArgumentException(where + " line " + lineNumber + ": the first line has " + first.size()
                    + " column; expected at least one feature and a label (is the separator '"
                    + options.separator() + "' right?)");
        }
        boolean hasHeader = switch (options.header()) {
            case YES -> true;
            case NO -> false;
            case AUTO -> !isDataRow(first, options.labelColumn());
        };
        List<String> header = hasHeader ? first : indexNames(first.size());
        String pending = hasHeader ? null : line; // the first line is the first row of data
        int pendingLine = lineNumber;
        int labelIndex = labelIndex(header, options.labelColumn(), where);
        if (header.size() > MAX_COLUMNS) {
            throw new IllegalArgumentException(where + " line " + lineNumber + ": " + header.size()
                    + " columns, more than the " + MAX_COLUMNS + " a CSV data set may have");
        }
        int featureCount = header.size() - 1;
        // room for 1024 rows, or fewer when rows are wide: a header alone must not cost gigabytes
        float[] features = new float[Math.max(1, Math.min(1024, (1 << 20) / featureCount)) * featureCount];
        float[] targets = options.classification() ? null : new float[1024];
        List<String> labelTexts = options.classification() ? new ArrayList<>() : null;
        int[] labelLines = options.classification() ? new int[1024] : null;
        int n = 0;
        while (pending != null || (line = reader.readLine()) != null) {
            if (pending != null) {
                line = pending;
                pending = null;
            } else {
                lineNumber++;
            }
            if (line.isBlank()) {
                blankLines++;
                continue;
            }
            List<String> fields = split(line, options.separator(), where, lineNumber);
            if (fields.size() != header.size()) {
                throw new IllegalArgumentException(where + " line " + lineNumber + ": " + fields.size()
                        + " fields, expected " + header.size() + (hasHeader ? " as in the header"
                        : " as in line " + pendingLine));
            }
            if ((long) (n + 1) * featureCount > features.length) {
                if ((long) (n + 1) * featureCount > MAX_VALUES) {
                    throw new IllegalArgumentException(where + " line " + lineNumber + ": more than " + MAX_VALUES
                            + " feature values (" + n + " rows of " + featureCount + "); use fewer rows or columns");
                }
                features = Arrays.copyOf(features, (int) Math.min(MAX_VALUES,
                        Math.max((long) (n + 1) * featureCount, 2L * features.length)));
            }
            int j = 0;
            for (int c = 0; c < fields.size(); c++) {
                if (c != labelIndex) {
                    features[n * featureCount + j++] = number(fields.get(c), header.get(c), where, lineNumber);
                }
            }
            String label = fields.get(labelIndex);
            if (options.classification()) {
                if (label.isEmpty()) {
                    throw new IllegalArgumentException(where + " line " + lineNumber + ": label column '"
                            + header.get(labelIndex) + "' is empty");
                }
                if (n == labelLines.length) {
                    labelLines = Arrays.copyOf(labelLines, 2 * n);
                }
                labelLines[n] = lineNumber;
                labelTexts.add(label);
            } else {
                if (n == targets.length) {
                    targets = Arrays.copyOf(targets, 2 * n);
                }
                targets[n] = number(label, header.get(labelIndex), where, lineNumber);
            }
            n++;
        }
        String name = datasetName(file);
        float[] exact = Arrays.copyOf(features, n * featureCount);
        int[] shape = {featureCount};
        Summary summary = new Summary(hasHeader, n, blankLines);
        if (!options.classification()) {
            return new Loaded(Dataset.owning(name, exact, shape, Arrays.copyOf(targets, n), 1), summary);
        }
        return new Loaded(classify(name, exact, shape, labelTexts, labelLines, where), summary);
    }

    /** One row of numbers and the line of the file it came from (1-based). */
    public record NumberRow(int line, float[] values) {
    }

    /**
     * The rows of a file of numbers, read with the rules {@link #load} applies to training data (UTF-8, a byte-order
     * mark ignored, quoted fields, the first line a header unless all its fields but the last are numbers, and
     * numbers only as decimal text: no NaN, Infinity, hex or {@code 1f}); rows may differ in width, so a caller can
     * accept features with or without a label. {@code descent predict} reads its CSV input here.
     */
    public static List<NumberRow> numberRows(Path file) {
        return read(file, reader -> numberRows(String.valueOf(file), reader));
    }

    private static List<NumberRow> numberRows(String where, BufferedReader reader) throws IOException {
        List<NumberRow> rows = new ArrayList<>();
        List<String> header = null;
        String line;
        int lineNumber = 0;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1); // byte-order mark, as in load
            }
            if (line.isBlank()) {
                continue;
            }
            List<String> fields = split(line, ',', where, lineNumber);
            if (fields.size() > MAX_COLUMNS) {
                throw new IllegalArgumentException(where + " line " + lineNumber + ": " + fields.size()
                        + " columns, more than the " + MAX_COLUMNS + " a CSV data set may have");
            }
            if (header == null) {
                boolean data = fields.size() == 1 ? isNumber(fields.get(0)) : isDataRow(fields, null);
                header = data ? indexNames(fields.size()) : fields;
                if (!data) {
                    continue;
                }
            }
            float[] values = new float[fields.size()];
            for (int c = 0; c < values.length; c++) {
                values[c] = number(fields.get(c), c < header.size() ? header.get(c) : Integer.toString(c), where,
                        lineNumber);
            }
            rows.add(new NumberRow(lineNumber, values));
        }
        return rows;
    }

    /**
     * Whether a first line is data rather than a header: all its fields are numbers, the label's aside (labels may
     * be words). A label column given by name means the file has a header.
     */
    private static boolean isDataRow(List<String> fields, String labelColumn) {
        int label = fields.size() - 1;
        if (labelColumn != null) {
            if (!(labelColumn.chars().allMatch(Character::isDigit) && labelColumn.length() <= 9)) {
                return false;
            }
            label = Integer.parseInt(labelColumn);
        }
        for (int c = 0; c < fields.size(); c++) {
            if (c != label && !isNumber(fields.get(c))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNumber(String text) {
        if (text.isEmpty() || !text.chars().allMatch(ch -> (ch >= '0' && ch <= '9') || ch == '.' || ch == '-'
                || ch == '+' || ch == 'e' || ch == 'E')) {
            return false;
        }
        try {
            return Float.isFinite(Float.parseFloat(text));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Column names for a file without a header: "0", "1", … (so label=INDEX finds them). */
    private static List<String> indexNames(int count) {
        List<String> names = new ArrayList<>(count);
        for (int c = 0; c < count; c++) {
            names.add(Integer.toString(c));
        }
        return names;
    }

    private static Dataset classify(String name, float[] features, int[] shape, List<String> texts, int[] lines,
                                    String where) {
        int n = texts.size();
        int[] labels = new int[n];
        boolean integers = true;
        int max = -1;
        for (int i = 0; i < n && integers; i++) {
            String t = texts.get(i);
            integers = !t.isEmpty() && t.length() <= 9 && t.chars().allMatch(ch -> ch >= '0' && ch <= '9');
            if (integers) {
                labels[i] = Integer.parseInt(t);
                if (labels[i] > MAX_CLASS_INDEX) {
                    throw new IllegalArgumentException(where + " line " + lines[i] + ": class label " + labels[i]
                            + " is too large to be a class index (at most " + MAX_CLASS_INDEX
                            + "); use regression for numeric targets");
                }
                max = Math.max(max, labels[i]);
            }
        }
        if (integers) {
            return Dataset.owning(name, features, shape, labels, Math.max(1, max + 1), List.of());
        }
        List<String> names = new ArrayList<>(new TreeSet<>(texts));
        for (int i = 0; i < n; i++) {
            labels[i] = java.util.Collections.binarySearch(names, texts.get(i));
        }
        return Dataset.owning(name, features, shape, labels, names.size(), names);
    }

    private static int labelIndex(List<String> header, String column, String where) {
        if (column == null) {
            return header.size() - 1;
        }
        int byName = header.indexOf(column);
        if (byName >= 0) {
            return byName;
        }
        if (column.chars().allMatch(Character::isDigit) && column.length() <= 9) {
            int index = Integer.parseInt(column);
            if (index < header.size()) {
                return index;
            }
        }
        throw new IllegalArgumentException(where + ": no label column '" + column + "'; the header has "
                + header + " (give a name or a 0-based index below " + header.size() + ")");
    }

    private static float number(String text, String column, String where, int lineNumber) {
        String problem = null;
        if (text.isEmpty()) {
            problem = "is empty";
        } else if (!text.chars().allMatch(ch -> (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == '+'
                || ch == 'e' || ch == 'E')) {
            problem = "is not a number: '" + text + "'"; // also rejects NaN and Infinity, which parseFloat accepts
        } else {
            try {
                float v = Float.parseFloat(text);
                if (Float.isFinite(v)) {
                    return v;
                }
                problem = "is out of float range: '" + text + "'";
            } catch (NumberFormatException e) {
                problem = "is not a number: '" + text + "'";
            }
        }
        throw new IllegalArgumentException(where + " line " + lineNumber + ": column '" + column + "' " + problem);
    }

    /** Splits one line on {@code separator}, honouring double-quoted fields with {@code ""} as an escaped quote. */
    static List<String> split(String line, char separator, String where, int lineNumber) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        while (true) {
            while (separator != ' ' && i < line.length() && line.charAt(i) == ' ') {
                i++;
            }
            if (i < line.length() && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= line.length()) {
                        throw new IllegalArgumentException(where + " line " + lineNumber
                                + ": a quoted field is not closed");
                    }
                    char ch = line.charAt(i++);
                    if (ch == '"') {
                        if (i < line.length() && line.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(ch);
                    }
                }
                while (i < line.length() && line.charAt(i) != separator) {
                    if (line.charAt(i++) != ' ') {
                        throw new IllegalArgumentException(where + " line " + lineNumber
                                + ": text after a closing quote in field " + (fields.size() + 1));
                    }
                }
                fields.add(field.toString());
            } else {
                while (i < line.length() && line.charAt(i) != separator) {
                    field.append(line.charAt(i++));
                }
                fields.add(field.toString().strip());
            }
            field.setLength(0);
            if (i >= line.length()) {
                return fields;
            }
            i++; // skip the separator
        }
    }

    private static String datasetName(Path file) {
        Path fileName = file.getFileName();
        String name = fileName == null ? "csv" : fileName.toString();
        int dot = name.lastIndexOf('.');
        name = dot > 0 ? name.substring(0, dot) : name;
        return name.isBlank() ? "csv" : name;
    }
}
