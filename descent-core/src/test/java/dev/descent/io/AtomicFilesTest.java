package dev.descent.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void writesAndReplaces() throws IOException {
        Path target = dir.resolve("run.json");
        AtomicFiles.writeString(target, "first");
        assertEquals("first", Files.readString(target));
        AtomicFiles.write(target, out -> {
            out.write("sec".getBytes(StandardCharsets.UTF_8));
            out.write('o');
            out.write("nd".getBytes(StandardCharsets.UTF_8));
        });
        assertEquals("second", Files.readString(target));
        assertEquals(List.of("run.json"), listing());
    }

    @Test
    void largeWritesAndAnEarlyCloseByTheBodyAreFine() throws IOException {
        Path target = dir.resolve("big.bin");
        byte[] block = new byte[200_000];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) i;
        }
        AtomicFiles.write(target, out -> {
            for (int i = 0; i < 10; i++) {
                out.write(block, i, 100_000);
                out.write(block, 0, 7);
            }
            out.close(); // a body may close its stream, e.g. through a try-with-resources writer
        });
        byte[] written = Files.readAllBytes(target);
        assertEquals(10 * 100_007, written.length);
        assertEquals((byte) 9, written[9 * 100_007]);
    }

    @Test
    void aBodyThatFailsHalfwayLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("model.safetensors");
        Files.writeString(target, "old checkpoint");
        IOException boom = new IOException("disk on fire");
        IOException thrown = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[300_000]); // past the buffer: really on disk in the temporary file
            throw boom;
        }));
        assertSame(boom, thrown);
        assertEquals("old checkpoint", Files.readString(target));
        assertEquals(List.of("model.safetensors"), listing());

        IllegalStateException bug = new IllegalStateException("bug in body");
        assertSame(bug, assertThrows(IllegalStateException.class, () -> AtomicFiles.write(target, out -> {
            out.write(1);
            throw bug;
        })));
        assertEquals("old checkpoint", Files.readString(target));
        assertEquals(List.of("model.safetensors"), listing());
    }

    @Test
    void aFailedFirstWriteLeavesNothing() {
        Path target = dir.resolve("new.json");
        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            throw new IOException("no");
        }));
        assertTrue(Files.notExists(target));
    }

    @Test
    void aMissingDirectoryIsNamed() {
        Path target = dir.resolve("no/such/dir/model.safetensors");
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> AtomicFiles.writeString(target, "x"));
        assertTrue(e.getMessage().contains(dir.resolve("no/such/dir").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void aDirectoryAsTargetIsRefused() throws IOException {
        Path target = Files.createDirectory(dir.resolve("sub"));
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeString(target, "x"));
        assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
    }

    @Test
    void aReadOnlyDirectoryIsAClearErrorAndKeepsTheOldFile() throws IOException {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "needs POSIX permissions");
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Path target = locked.resolve("model.safetensors");
        Files.writeString(target, "old");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(locked), "running as root: the directory stays writable");
            IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeString(target, "new"));
            assertEquals("cannot write model.safetensors to " + locked + ": directory is read-only", e.getMessage());
            assertEquals("old", Files.readString(target));
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
