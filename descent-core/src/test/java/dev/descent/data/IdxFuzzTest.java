package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/**
 * Coverage-guided fuzzing of the IDX reader: any bytes give images/labels consistent with the header, or an
 * {@link IllegalArgumentException} / {@link UncheckedIOException} with a message; never another exception, an
 * {@link OutOfMemoryError} or a hang. The first byte picks raw (even) or gzip-compressed (odd) storage of the rest,
 * so the fuzzer explores the IDX structure behind gzip too. Seeds: {@code IdxFuzzTestInputs/}.
 */
class IdxFuzzTest {
    private static final Path DIR = FuzzFiles.tempDir("idx-fuzz");

    @FuzzTest(maxDuration = "5m")
    void readsOrRejects(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        byte[] body = Arrays.copyOfRange(input, 1, input.length);
        Path file = DIR.resolve("input.idx");
        Files.write(file, (input[0] & 1) == 1 ? gzip(body) : body);
        try {
            Idx.Images images = Idx.readImages(file);
            assertEquals((long) images.count() * images.rows() * images.columns(), images.pixels().length);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            FuzzFiles.assertClear(e);
        }
        try {
            // what --limit 1 reads: the first image only, never more than the file holds
            Idx.Images first = Idx.readImages(file, 1);
            assertTrue(first.count() <= 1, "count " + first.count());
            assertEquals((long) first.count() * first.rows() * first.columns(), first.pixels().length);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            FuzzFiles.assertClear(e);
        }
        try {
            int[] labels = Idx.readLabels(file);
            for (int label : labels) {
                assertTrue(label >= 0 && label <= 255, "label " + label);
            }
        } catch (IllegalArgumentException | UncheckedIOException e) {
            FuzzFiles.assertClear(e);
        }
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }
}
