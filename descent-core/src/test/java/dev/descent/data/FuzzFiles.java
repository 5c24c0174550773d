package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the file-reading fuzz tests share: one scratch directory per JVM, and the check that an error says something. */
final class FuzzFiles {
    private FuzzFiles() {
    }

    static Path tempDir(String prefix) {
        try {
            // A RAM disk where there is one: the fuzzer writes a file per input, tens of thousands a minute.
            Path shm = Path.of("/dev/shm");
            Path dir = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, prefix)
                    : Files.createTempDirectory(prefix);
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A rejection must carry a message a user can act on. */
    static void assertClear(RuntimeException e) {
        assertNotNull(e.getMessage(), () -> e.getClass().getName() + " without a message");
        assertFalse(e.getMessage().isBlank(), () -> e.getClass().getName() + " with a blank message");
    }
}
