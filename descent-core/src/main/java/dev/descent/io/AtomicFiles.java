package dev.descent.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Crash-safe file replacement: the new content goes to a temporary file beside the target, is forced to disk, and
 * is renamed over the target in one step, so a reader (or a restart after a crash or power cut) sees either the
 * whole old file or the whole new one, never a mix. A temporary file left by a writer that was killed is removed by
 * the next successful write of the same target.
 */
public final class AtomicFiles {
    /** An action that writes to a stream and may fail with an {@link IOException}. */
    @FunctionalInterface
    public interface IoConsumer<T> {
        void accept(T value) throws IOException;
    }

    private static final AtomicLong COUNTER = new AtomicLong();
    private static final int BUFFER_BYTES = 1 << 16;

    private AtomicFiles() {
    }

    /**
     * Replaces {@code target} with what {@code body} writes. The body's stream is buffered; closing it is allowed
     * and does nothing more than flush. On any failure, of the body or of the file system, the temporary file is
     * deleted, the previous target is left as it was, and the exception is rethrown.
     *
     * @throws IOException naming the directory when it is missing or read-only, or with the OS message
     */
    public static void write(Path target, IoConsumer<OutputStream> body) throws IOException {
        Path file = target.toAbsolutePath();
        Path dir = file.getParent();
        if (dir == null || file.getFileName() == null) {
            throw new IllegalArgumentException("cannot write " + target + ": not a file path");
        }
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null,
                    "directory does not exist, cannot write " + file.getFileName());
        }
        if (Files.isDirectory(file)) {
            throw new IOException("cannot write " + file + ": it is a directory");
        }
        Path temp = createTemp(dir, file);
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                    OutputStream out = new KeepOpen(Channels.newOutputStream(channel))) {
                body.accept(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
            forceDirectory(dir);
            removeStaleTemps(dir, file);
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the original failure is the one worth reporting
                }
            }
        }
    }

    /** Replaces {@code target} with {@code content} encoded as UTF-8, atomically as {@link #write}. */
    public static void writeString(Path target, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        write(target, out -> out.write(bytes));
    }

    /** A name in the target's directory that no other writer uses: hidden, with the target's name for the curious. */
    private static String tempName(Path file) {
        return tempPrefix(file) + ProcessHandle.current().pid() + "." + COUNTER.incrementAndGet() + ".tmp";
    }

    private static String tempPrefix(Path file) {
        String name = file.getFileName().toString();
        if (name.length() > 100) {
            name = name.substring(0, 100); // keep within the usual 255-byte file name limit
        }
        return "." + name + ".";
    }

    /**
     * Deletes temporary files of {@code file} left by writers that died mid-write (SIGKILL, power cut), so that a run
     * killed many times does not fill the disk with half checkpoints. Only files whose process is gone are touched;
     * best effort, a failure here never fails the write that succeeded.
     */
    private static void removeStaleTemps(Path dir, Path file) {
        String prefix = tempPrefix(file);
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix) && n.endsWith(".tmp");
        })) {
            for (Path p : entries) {
                String rest = p.getFileName().toString().substring(prefix.length());
                int dot = rest.indexOf('.');
                long pid;
                try {
                    pid = Long.parseLong(rest.substring(0, Math.max(0, dot)));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (pid != self && ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // best effort
        }
    }

    /**
     * Creates the empty temporary file. {@code Files.createFile} rather than {@code Files.createTempFile}, which
     * would give the final file mode 0600 instead of the umask's.
     */
    private static Path createTemp(Path dir, Path file) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path temp = dir.resolve(tempName(file));
            try {
                return Files.createFile(temp);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) {
                    throw e;
                }
            } catch (AccessDeniedException e) {
                String why = Files.isWritable(dir) ? "access denied" : "directory is read-only";
                throw new IOException("cannot write " + file.getFileName() + " to " + dir + ": " + why, e);
            } catch (IOException e) {
                throw new IOException("cannot write " + file.getFileName() + " to " + dir + ": " + reason(e), e);
            }
        }
    }

    /** The OS's words for a failure, without the file name it repeats. */
    private static String reason(IOException e) {
        if (e instanceof FileSystemException) {
            String reason = ((FileSystemException) e).getReason();
            return reason != null ? reason : e.getClass().getSimpleName();
        }
        return e.getMessage();
    }

    /** Makes the rename itself durable. Works on Linux and macOS; Windows cannot open directories, and needs not. */
    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort: the file's own content is already on disk
        }
    }

    /** Buffers writes and turns the body's close() into a flush, so the channel stays open to be forced. */
    private static final class KeepOpen extends OutputStream {
        private final OutputStream out;
        private final byte[] buffer = new byte[BUFFER_BYTES];
        private int count;

        KeepOpen(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            if (count == buffer.length) {
                flushBuffer();
            }
            buffer[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len >= buffer.length) {
                flushBuffer();
                out.write(b, off, len);
                return;
            }
            if (len > buffer.length - count) {
                flushBuffer();
            }
            System.arraycopy(b, off, buffer, count, len);
            count += len;
        }

        private void flushBuffer() throws IOException {
            if (count > 0) {
                out.write(buffer, 0, count);
                count = 0;
            }
        }

        @Override
        public void flush() throws IOException {
            flushBuffer();
        }

        @Override
        public void close() throws IOException {
            flushBuffer();
        }
    }
}
