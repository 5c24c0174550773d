package dev.descent.plot;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A full disk for the files {@link OutputFile} writes (figures, DOT text), while it is open: the first {@code bytes}
 * bytes of each file are written, then the write fails as the OS says it, "No space left on device".
 */
public final class DiskFull implements AutoCloseable {
    private DiskFull() {
    }

    /** Fails every write through {@link OutputFile} after its first {@code bytes} bytes, until closed. */
    public static DiskFull after(int bytes) {
        OutputFile.streams = out -> new FilterOutputStream(out) {
            private int written;

            @Override
            public void write(int b) throws IOException {
                if (written == bytes) {
                    throw new IOException("No space left on device");
                }
                written++;
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                int room = bytes - written;
                out.write(b, off, Math.min(len, room));
                written += Math.min(len, room);
                if (len > room) {
                    throw new IOException("No space left on device");
                }
            }
        };
        return new DiskFull();
    }

    @Override
    public void close() {
        OutputFile.streams = null;
    }
}
