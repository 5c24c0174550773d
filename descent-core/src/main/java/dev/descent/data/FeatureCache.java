package dev.descent.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * A cache of IDX image files already decompressed and scaled to floats, so a second run reads Fashion-MNIST's
 * 188 MB of pixels with two copies instead of inflating 26 MB of gzip and scaling 47 million bytes (about 0.6 s of a
 * run's start on two cores). Used only when the system property {@value #PROPERTY} names a directory (bin/descent
 * sets it to {@code $XDG_CACHE_HOME/descent} or {@code ~/.cache/descent}), so the library itself never writes
 * anywhere the caller did not say.
 *
 * <p>An entry is one file: a header naming the source (its real path, size and modification time) and the image
 * dimensions, then the floats, little-endian. It is used only when all of these match the source and its length is
 * exactly the header's plus the floats'; otherwise the source is read as usual and the entry written again. Entries
 * are written to a temporary file, forced to disk and renamed, so a reader never sees half of one; a cache that
 * cannot be read or written is skipped without a word: it only ever saves time. The floats are read through a small
 * direct buffer rather than mapped whole, because a mapping stays in the process's resident memory until the
 * collector frees the buffer.
 */
final class FeatureCache {
    /** The system property naming the cache directory; unset or empty: no cache. */
    static final String PROPERTY = "descent.cache.dir";
    /** The first eight bytes of an entry: a name and the format's version. */
    private static final long MAGIC = 0x4445_5343_4632_0001L; // "DESCF2", version 1
    private static final int CHUNK = 1 << 20;

    private final Path dir;

    private FeatureCache(Path dir) {
        this.dir = dir;
    }

    /** The cache the system property {@value #PROPERTY} names, or null when it names none. */
    static FeatureCache fromSystemProperty() {
        String where = System.getProperty(PROPERTY, "");
        return where.isBlank() ? null : new FeatureCache(Path.of(where).resolve("idx"));
    }

    /** A cache in {@code dir} (tests). */
    static FeatureCache in(Path dir) {
        return new FeatureCache(dir);
    }

    /** An image file's dimensions (count, rows, columns) and its pixels scaled to [0, 1]. */
    record Entry(int[] dims, float[] values) {
    }

    /** The entry for {@code source} if the cache holds a valid one, else null. */
    Entry read(Path source) {
        try {
            Source s = Source.of(source);
            Path file = dir.resolve(s.entryName());
            if (!Files.isRegularFile(file)) {
                return null;
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                byte[] expected = s.header(null);
                ByteBuffer head = ByteBuffer.allocate(expected.length + 4 * 3);
                if (channel.read(head) != head.capacity()) {
                    return null;
                }
                head.flip();
                byte[] found = new byte[expected.length];
                head.get(found);
                if (!Arrays.equals(found, expected)) {
                    return null;
                }
                int[] dims = {head.order(ByteOrder.LITTLE_ENDIAN).getInt(), head.getInt(), head.getInt()};
                long count = (long) dims[0] * dims[1] * dims[2];
                if (dims[0] < 0 || dims[1] < 1 || dims[2] < 1 || count > Integer.MAX_VALUE - 8
                        || channel.size() != head.capacity() + 4 * count) {
                    return null;
                }
                float[] values = new float[(int) count];
                ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
                int done = 0;
                while (done < values.length) {
                    buffer.clear().limit(Math.min(CHUNK, 4 * (values.length - done)));
                    while (buffer.hasRemaining()) {
                        if (channel.read(buffer) < 0) {
                            return null;
                        }
                    }
                    buffer.flip();
                    int n = buffer.remaining() / 4;
                    buffer.asFloatBuffer().get(values, done, n);
                    done += n;
                }
                return new Entry(dims, values);
            }
        } catch (IOException | RuntimeException e) {
            return null; // unreadable: the source is read instead
        }
    }

    /** Stores {@code values}, the scaled pixels of {@code source} with dimensions {@code dims}; never throws. */
    void write(Path source, int[] dims, float[] values) {
        Path temp = null;
        try {
            Source s = Source.of(source);
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, ".entry", ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
                buffer.put(s.header(dims));
                int done = 0;
                while (done < values.length || buffer.position() > 0) {
                    int n = Math.min(buffer.remaining() / 4, values.length - done);
                    buffer.asFloatBuffer().put(values, done, n);
                    buffer.position(buffer.position() + 4 * n);
                    done += n;
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    buffer.clear();
                }
                channel.force(false);
            }
            Path target = dir.resolve(s.entryName());
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
        } catch (IOException | RuntimeException e) {
            // a cache that cannot be written costs the next run its time, never this run its result
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // left for the next write to the same directory: temporary files are never read
                }
            }
        }
    }

    /** What identifies a source file's content well enough for a cache: its real path, size and modification time. */
    private record Source(String path, long size, long modified) {
        static Source of(Path file) throws IOException {
            Path real = file.toRealPath();
            return new Source(real.toString(), Files.size(real),
                    Files.getLastModifiedTime(real).to(TimeUnit.NANOSECONDS));
        }

        /** The entry's file name: a digest of the path (several directories hold a train-images file) and its name. */
        String entryName() {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(path.getBytes(StandardCharsets.UTF_8));
                String name = Path.of(path).getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
                return HexFormat.of().formatHex(digest, 0, 8) + "-" + name + ".f32";
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this Java", e);
            }
        }

        /** The header up to the dimensions, followed by them when {@code dims} is not null. */
        byte[] header(int[] dims) {
            byte[] name = path.getBytes(StandardCharsets.UTF_8);
            ByteBuffer b = ByteBuffer.allocate(8 + 8 + 8 + 4 + name.length + (dims == null ? 0 : 12))
                    .order(ByteOrder.LITTLE_ENDIAN);
            b.putLong(MAGIC).putLong(size).putLong(modified).putInt(name.length).put(name);
            if (dims != null) {
                b.putInt(dims[0]).putInt(dims[1]).putInt(dims[2]);
            }
            return b.array();
        }
    }
}
