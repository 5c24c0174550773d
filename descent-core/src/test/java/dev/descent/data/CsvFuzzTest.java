package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of the CSV reader. The first byte chooses the options (bits 0–1 the separator
 * {@code , ; TAB SPACE}, bit 2 regression instead of classes, bits 3–4 the label column: last, "0", "label",
 * "y"); the rest is the file's bytes, also read as {@code descent predict} reads it ({@link Csv#numberRows}). The result must be a consistent data set, or an
 * {@link IllegalArgumentException} / {@link UncheckedIOException} with a message. Seeds: {@code CsvFuzzTestInputs/}.
 */
class CsvFuzzTest {
    private static final Path DIR = FuzzFiles.tempDir("csv-fuzz");
    private static final char[] SEPARATORS = {',', ';', '\t', ' '};
    private static final String[] LABELS = {null, "0", "label", "y"};

    @FuzzTest(maxDuration = "5m")
    void readsOrRejects(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        int flags = input[0] & 0xFF;
        CsvOptions options = new CsvOptions(LABELS[(flags >> 3) & 3], (flags & 4) == 0, SEPARATORS[flags & 3]);
        Path file = DIR.resolve("input.csv");
        Files.write(file, Arrays.copyOfRange(input, 1, input.length));
        try {
            Dataset data = Csv.read(file, options);
            assertEquals((long) data.size() * data.featureCount(), data.featureValues().length);
            for (float v : data.featureValues()) {
                assertTrue(Float.isFinite(v), "non-finite feature " + v);
            }
            if (options.classification()) {
                for (int i = 0; i < data.size(); i++) {
                    assertTrue(data.label(i) >= 0 && data.label(i) < data.classes(), "label " + data.label(i));
                }
            }
        } catch (IllegalArgumentException | UncheckedIOException e) {
            FuzzFiles.assertClear(e);
        }
        try {
            // predict's reading of the same bytes: the same rules, rows of finite numbers
            for (Csv.NumberRow row : Csv.numberRows(file)) {
                for (float v : row.values()) {
                    assertTrue(Float.isFinite(v), "non-finite value " + v + " on line " + row.line());
                }
            }
        } catch (IllegalArgumentException | UncheckedIOException e) {
            FuzzFiles.assertClear(e);
        }
    }
}
