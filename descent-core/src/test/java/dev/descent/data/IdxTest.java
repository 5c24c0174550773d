package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir
    Path dir;

    /** An IDX file: big-endian magic, sizes, then the bytes. */
    static byte[] idx(int magic, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(data);
        return b.array();
    }

    static byte[] gzip(byte[] raw) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(raw);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code count} 3x2 images whose pixel k of image i is 40*i + k, and labels i % 10. */
    static void writeSet(Path dir, String prefix, int count, boolean gz) throws IOException {
        byte[] pixels = new byte[count * 6];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            for (int k = 0; k < 6; k++) {
                pixels[i * 6 + k] = (byte) (40 * i + k);
            }
            labels[i] = (byte) (i % 10);
        }
        byte[] images = idx(Idx.IMAGES_MAGIC, new int[] {count, 3, 2}, pixels);
        byte[] labelFile = idx(Idx.LABELS_MAGIC, new int[] {count}, labels);
        String suffix = gz ? ".gz" : "";
        Files.write(dir.resolve(prefix + "-images-idx3-ubyte" + suffix), gz ? gzip(images) : images);
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte" + suffix), gz ? gzip(labelFile) : labelFile);
    }

    private IllegalArgumentException rejects(String name, byte[] content, boolean images) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content);
        return assertThrows(IllegalArgumentException.class,
                () -> {
                    if (images) {
                        Idx.readImages(file);
                    } else {
                        Idx.readLabels(file);
                    }
                });
    }

    @Test
    void readsRawAndGzippedFilesAlike() throws IOException {
        writeSet(dir, "raw", 5, false);
        Path zipped = Files.createDirectory(dir.resolve("zipped"));
        writeSet(zipped, "gz", 5, true);
        Idx.Images raw = Idx.readImages(dir.resolve("raw-images-idx3-ubyte"));
        Idx.Images gz = Idx.readImages(zipped.resolve("gz-images-idx3-ubyte.gz"));
        assertEquals(5, raw.count());
        assertEquals(3, raw.rows());
        assertEquals(2, raw.columns());
        assertArrayEquals(raw.pixels(), gz.pixels());
        assertEquals(160 + 5, raw.pixel(4, 2, 1)); // unsigned: 165 is stored as a negative byte
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, Idx.readLabels(zipped.resolve("gz-labels-idx1-ubyte.gz")));
    }

    @Test
    void gzipIsRecognisedByContentNotName() throws IOException {
        byte[] labels = idx(Idx.LABELS_MAGIC, new int[] {3}, new byte[] {7, 8, 9});
        Path misnamed = dir.resolve("labels.raw");
        Files.write(misnamed, gzip(labels));
        assertArrayEquals(new int[] {7, 8, 9}, Idx.readLabels(misnamed));
        Path plainGz = dir.resolve("labels.gz");
        Files.write(plainGz, labels);
        assertArrayEquals(new int[] {7, 8, 9}, Idx.readLabels(plainGz));
    }

    @Test
    void loadMakesAClassificationSetScaledToUnitRange() throws IOException {
        writeSet(dir, "train", 6, true);
        Dataset d = Idx.load(dir.resolve("train-images-idx3-ubyte.gz"), dir.resolve("train-labels-idx1-ubyte.gz"),
                "tiny");
        assertEquals("Dataset(tiny, 6 x [3, 2], 10 classes)", d.toString());
        assertEquals(5, d.label(5));
        assertEquals(200 / 255f, d.example(5)[0]);
        assertEquals(205 / 255f, d.example(5)[5]);
        for (float v : d.featureValues()) {
            assertTrue(v >= 0 && v <= 1);
        }
    }

    @Test
    void countMismatchBetweenImagesAndLabelsIsAnError() throws IOException {
        writeSet(dir, "a", 4, false);
        Path other = Files.createDirectory(dir.resolve("b"));
        writeSet(other, "b", 3, false);
        var e = assertThrows(IllegalArgumentException.class, () -> Idx.load(dir.resolve("a-images-idx3-ubyte"),
                other.resolve("b-labels-idx1-ubyte"), "mixed"));
        assertTrue(e.getMessage().contains("4 images") && e.getMessage().contains("3 labels"), e.getMessage());
    }

    @Test
    void wrongMagicNumbersAreRejected() throws IOException {
        byte[] labels = idx(Idx.LABELS_MAGIC, new int[] {2}, new byte[] {1, 2});
        var asImages = rejects("labels-as-images", labels, true);
        assertTrue(asImages.getMessage().contains("magic number 0x00000801, expected 0x00000803"),
                asImages.getMessage());
        var floats = rejects("floats", idx(0x00000D01, new int[] {1}, new byte[4]), false);
        assertTrue(floats.getMessage().contains("element type 0x0D"), floats.getMessage());
        var text = rejects("text", "hello, world, this is not IDX".getBytes(), false);
        assertTrue(text.getMessage().contains("not an IDX labels file"), text.getMessage());
    }

    @Test
    void truncatedFilesNameExpectedAndActualLength() throws IOException {
        byte[] full = idx(Idx.IMAGES_MAGIC, new int[] {4, 3, 2}, new byte[24]);
        var raw = rejects("short-images", Arrays.copyOf(full, full.length - 5), true);
        assertTrue(raw.getMessage().contains("short-images"), raw.getMessage());
        assertTrue(raw.getMessage().contains("truncated") && raw.getMessage().contains("declares 40 bytes")
                && raw.getMessage().contains("file has 35"), raw.getMessage());

        var gz = rejects("short-images.gz", gzip(Arrays.copyOf(full, full.length - 5)), true);
        assertTrue(gz.getMessage().contains("declares 40 bytes (uncompressed), but the file has 35"),
                gz.getMessage());

        byte[] zipped = gzip(full);
        var cut = rejects("cut.gz", Arrays.copyOf(zipped, zipped.length - 12), true);
        assertTrue(cut.getMessage().contains("cut.gz"), cut.getMessage());

        var header = rejects("header-only", Arrays.copyOf(full, 9), true);
        assertTrue(header.getMessage().contains("ends inside the header"), header.getMessage());

        var tooLong = rejects("long-labels", idx(Idx.LABELS_MAGIC, new int[] {2}, new byte[] {1, 2, 3}), false);
        assertTrue(tooLong.getMessage().contains("too long"), tooLong.getMessage());
    }

    @Test
    void lyingHeadersAreRefusedBeforeAllocating() throws IOException {
        // 60000 x 28 x 28 declared in a 100-byte file: refused from the file length, no 47 MB allocation
        byte[] liar = Arrays.copyOf(idx(Idx.IMAGES_MAGIC, new int[] {60000, 28, 28}, new byte[0]), 100);
        var raw = rejects("liar", liar, true);
        assertTrue(raw.getMessage().contains("declares 47040016 bytes"), raw.getMessage());
        // 2^31 - 1 x 2^31 - 1 x 4 would overflow int arithmetic; it must be a clear error, not OutOfMemoryError
        byte[] huge = idx(Idx.IMAGES_MAGIC, new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE, 4}, new byte[16]);
        var overflow = rejects("huge", huge, true);
        assertTrue(overflow.getMessage().contains("more than"), overflow.getMessage());
        // a tiny gzip file claiming 1.9 GB of pixels cannot hold them: deflate expands at most ~1032:1
        var gz = rejects("liar.gz", gzip(idx(Idx.IMAGES_MAGIC, new int[] {2_000_000, 31, 31}, new byte[64])), true);
        assertTrue(gz.getMessage().contains("more than a") && gz.getMessage().contains("gzip file can hold"),
                gz.getMessage());
        var negative = rejects("negative", idx(Idx.IMAGES_MAGIC, new int[] {1, -3, 2}, new byte[6]), true);
        assertTrue(negative.getMessage().contains("dimension 1 has size -3"), negative.getMessage());
    }

    /**
     * A gzip file that declares {@code declared} 28×28 images but holds only {@code held} zero images, padded with
     * non-gzip bytes after its one member (GZIPInputStream stops there) so the compression-ratio check passes, as a
     * real file of that many zero images would.
     */
    static byte[] gzipDeclaring(int declared, int held, int magic, int... inner) {
        int per = 1;
        for (int d : inner) {
            per *= d;
        }
        int[] dims = new int[1 + inner.length];
        dims[0] = declared;
        System.arraycopy(inner, 0, dims, 1, inner.length);
        byte[] member = gzip(idx(magic, dims, new byte[held * per]));
        long total = 4L + 4L * dims.length + (long) declared * per;
        byte[] padded = Arrays.copyOf(member, (int) (total / 1000 + member.length));
        Arrays.fill(padded, member.length, padded.length, (byte) 'x');
        return padded;
    }

    @Test
    void aLimitReadsOnlyTheImagesItNeedsFromAHugeGzipFile() throws IOException {
        // 200,000 images declared (157 MB), 100 held: --limit 100 decompresses and scales 100 of them
        Path images = Files.write(dir.resolve("train-images-idx3-ubyte.gz"),
                gzipDeclaring(200_000, 100, Idx.IMAGES_MAGIC, 28, 28));
        Path labels = Files.write(dir.resolve("train-labels-idx1-ubyte.gz"),
                gzipDeclaring(200_000, 100, Idx.LABELS_MAGIC));
        Dataset d = Idx.load(images, labels, "huge", java.util.List.of(), 100);
        assertEquals(100, d.size());
        assertEquals(100, Idx.readImages(images, 100).count());
        // and so does --data mnist=DIR with --limit 100 (25 test images)
        Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), gzipDeclaring(50_000, 25, Idx.IMAGES_MAGIC, 28, 28));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), gzipDeclaring(50_000, 25, Idx.LABELS_MAGIC));
        DataPair pair = DataSources.resolve("mnist=" + dir, 0, 100, 25);
        assertEquals(100, pair.train().size());
        assertEquals(25, pair.test().size());
        // without the limit the file is read to its end and found short, as before
        var all = assertThrows(IllegalArgumentException.class, () -> Idx.readImages(images));
        assertTrue(all.getMessage().contains("truncated"), all.getMessage());
    }

    @Test
    void imagesThatCannotFitInMemoryAsFloatsAreRefusedBeforeAllocating() throws IOException {
        // 2.7M images of 28x28 declared: 2.1 GB of bytes and 8.5 GB of floats; refused naming the file
        long max = Runtime.getRuntime().maxMemory();
        org.junit.jupiter.api.Assumptions.assumeTrue(max < 10_000L << 20, "needs a heap below 10 GB");
        Path images = Files.write(dir.resolve("zeros.gz"), gzipDeclaring(2_700_000, 1, Idx.IMAGES_MAGIC, 28, 28));
        var e = assertThrows(IllegalArgumentException.class, () -> Idx.readImages(images));
        assertTrue(e.getMessage().contains("zeros.gz") && e.getMessage().contains("--limit"), e.getMessage());
    }

    @Test
    void missingFileIsAnIoError() {
        var e = assertThrows(UncheckedIOException.class, () -> Idx.readLabels(dir.resolve("nope")));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }
}
