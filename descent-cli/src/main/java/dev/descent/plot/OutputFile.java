package dev.descent.plot;

import dev.descent.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Writes a finished figure (or DOT text) whole or not at all: the bytes are made in memory first, then written
 * through {@link AtomicFiles}, so a full disk leaves the previous file or none, never an empty or partial one, and
 * no library thread is left holding a half-written stream. Every failure is one {@link IOException} whose message
 * names the file and what was wrong.
 */
public final class OutputFile {
    /** Wraps the stream the bytes go to; null except in tests that simulate a full disk. */
    static volatile UnaryOperator<OutputStream> streams;

    private OutputFile() {
    }

    /**
     * Replaces {@code out} with {@code bytes}, creating its parent directories.
     *
     * @throws IOException "cannot write OUT: why", for any failure of the file system
     */
    public static void write(Path out, byte[] bytes) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (FileAlreadyExistsException e) {
            throw new IOException("cannot write " + out + ": " + e.getFile() + " is not a directory", e);
        } catch (IOException e) {
            throw new IOException("cannot write " + out + ": " + reason(e), e);
        }
        UnaryOperator<OutputStream> wrap = streams;
        try {
            AtomicFiles.write(out, stream -> (wrap == null ? stream : wrap.apply(stream)).write(bytes));
        } catch (IOException e) {
            throw new IOException("cannot write " + out + ": " + reason(e), e);
        }
    }

    /** The OS's words for a failure, without the file name it repeats. */
    private static String reason(IOException e) {
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
