package dev.descent.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST, raw or gzip-compressed (recognised by gzip's magic bytes, not the
 * file name). The format (LeCun et al., "THE MNIST DATABASE of handwritten digits"): a big-endian magic number
 * {@code 0x0000TTDD} with element type {@code TT} ({@code 0x08} = unsigned byte, the only one MNIST uses) and
 * {@code DD} dimensions, then {@code DD} big-endian 32-bit sizes, then the values row-major.
 */
public final class Idx {
    /** Magic number of a label file: unsigned bytes, one dimension. */
    public static final int LABELS_MAGIC = 0x00000801;
    /** Magic number of an image file: unsigned bytes, three dimensions (count, rows, columns). */
    public static final int IMAGES_MAGIC = 0x00000803;

    /** Deflate cannot expand data by more than about 1032:1 (zlib technical details), so a gzip file's payload is bounded. */
    private static final long MAX_DEFLATE_RATIO = 1032;
    /** Java's largest safe array length. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private Idx() {
    }

    /** Images from an IDX image file: {@code count} images of {@code rows × columns} unsigned bytes, row-major. */
    public record Images(int count, int rows, int columns, byte[] pixels) {
        /** Pixel {@code (row, column)} of image {@code i}, in 0..255. */
        public int pixel(int i, int row, int column) {
            return pixels[(i * rows + row) * columns + column] & 0xFF;
        }

        /** All pixels as floats scaled from 0..255 to [0, 1]. */
        public float[] scaled() {
            float[] out = new float[pixels.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = (pixels[i] & 0xFF) / 255f;
            }
            return out;
        }

        @Override
        public String toString() {
            return "Images(" + count + " x [" + rows + ", " + columns + "])";
        }
    }

    /** Reads an image file (magic {@code 0x00000803}). */
    public static Images readImages(Path file) {
        return readImages(file, 0);
    }

    /**
     * Reads the first {@code maxCount} images of an image file (all when {@code maxCount} is 0 or the file holds
     * fewer): a compressed file is decompressed only that far.
     */
    public static Images readImages(Path file, int maxCount) {
        Raw raw = read(file, IMAGES_MAGIC, "images", maxCount);
        return new Images(raw.dims[0], raw.dims[1], raw.dims[2], raw.values);
    }

    /** Reads a label file (magic {@code 0x00000801}) as labels 0..255. */
    public static int[] readLabels(Path file) {
        return readLabels(file, 0);
    }

    /** Reads the first {@code maxCount} labels of a label file (all when {@code maxCount} is 0). */
    public static int[] readLabels(Path file, int maxCount) {
        Raw raw = read(file, LABELS_MAGIC, "labels", maxCount);
        int[] labels = new int[raw.values.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = raw.values[i] & 0xFF;
        }
        return labels;
    }

    /**
     * Loads an image file and its label file as a classification data set with example shape {@code [rows, columns]}
     * and pixels scaled to [0, 1]. IDX files do not store a class count; MNIST and Fashion-MNIST have 10, so the
     * data set has {@code max(10, largest label + 1)} classes.
     */
    public static Dataset load(Path images, Path labels, String name) {
        return load(images, labels, name, List.of());
    }

    /** Like {@link #load(Path, Path, String)}, with class names (their count sets the class count). */
    static Dataset load(Path images, Path labels, String name, List<String> classNames) {
        return load(images, labels, name, classNames, 0);
    }

    /**
     * Like {@link #load(Path, Path, String, List)}, reading only the first {@code maxCount} examples (all when 0), so
     * {@code --limit 100} on a large or hostile file reads and scales 100 images, not the millions its header declares.
     */
    static Dataset load(Path images, Path labels, String name, List<String> classNames, int maxCount) {
        return load(images, labels, name, classNames, maxCount, FeatureCache.fromSystemProperty());
    }

    /** Like {@link #load(Path, Path, String, List, int)}, the images' scaled pixels kept in {@code cache} (or null). */
    static Dataset load(Path images, Path labels, String name, List<String> classNames, int maxCount,
                        FeatureCache cache) {
        FeatureCache.Entry pixels = scaledImages(images, maxCount, cache);
        int count = pixels.dims()[0];
        int[] lab = readLabels(labels, maxCount);
        if (count != lab.length) {
            throw new IllegalArgumentException(name + ": " + images + " holds " + count + " images but "
                    + labels + " holds " + lab.length + " labels; expected the same count");
        }
        int classes = classNames.isEmpty() ? 10 : classNames.size();
        for (int label : lab) {
            if (classNames.isEmpty()) {
                classes = Math.max(classes, label + 1);
            }
        }
        return Dataset.owning(name, pixels.values(), new int[] {pixels.dims()[1], pixels.dims()[2]}, lab, classes,
                classNames);
    }

    /**
     * The image file's dimensions and scaled pixels: from {@code cache} (null: none) when it holds the file, else read
     * and, when the file was read whole, stored there.
     */
    private static FeatureCache.Entry scaledImages(Path images, int maxCount, FeatureCache cache) {
        FeatureCache whole = maxCount == 0 ? cache : null; // an entry holds a whole file
        FeatureCache.Entry cached = whole == null ? null : whole.read(images);
        if (cached != null) {
            return cached;
        }
        Images im = readImages(images, maxCount);
        FeatureCache.Entry read = new FeatureCache.Entry(new int[] {im.count(), im.rows(), im.columns()}, im.scaled());
        if (whole != null) {
            whole.write(images, read.dims(), read.values());
        }
        return read;
    }

    private record Raw(int[] dims, byte[] values) {
    }

    private static Raw read(Path file, int expectedMagic, String kind, int maxCount) {
        long fileLength;
        try {
            fileLength = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("IDX " + kind + " file not found: " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try (InputStream in = open(file)) {
            boolean gzip = in instanceof GZIPInputStream;
            int magic = readInt(in, file, "magic number");
            if (magic != expectedMagic) {
                throw new IllegalArgumentException(file + ": not an IDX " + kind + " file: magic number 0x"
                        + String.format("%08X", magic) + ", expected 0x" + String.format("%08X", expectedMagic)
                        + describe(magic));
            }
            int dimCount = magic & 0xFF;
            int[] dims = new int[dimCount];
            long count = 1;
            for (int d = 0; d < dimCount; d++) {
                dims[d] = readInt(in, file, "size of dimension " + d);
                if (dims[d] < 0 || (dims[d] == 0 && d > 0)) {
                    throw new IllegalArgumentException(file + ": dimension " + d + " has size " + dims[d]
                            + ", expected a positive size");
                }
                count *= dims[d];
                if (count > MAX_ARRAY) {
                    throw new IllegalArgumentException(file + ": header declares dimensions "
                            + Arrays.toString(dims) + ", more than " + MAX_ARRAY + " values");
                }
            }
            long headerLength = 4L + 4L * dimCount;
            long declared = headerLength + count;
            // only the first maxCount items (of dimension 0) are read; the rest of the file is not decompressed
            boolean partial = dimCount > 0 && maxCount > 0 && maxCount < dims[0];
            long wanted = partial ? count / dims[0] * maxCount : count;
            String unit = gzip ? " (uncompressed)" : "";
            // Check the header against what the file can hold before allocating anything it asks for.
            if (!gzip && fileLength != declared) {
                throw new IllegalArgumentException(file + ": " + (fileLength < declared ? "truncated" : "too long")
                        + ": header " + Arrays.toString(dims) + " declares " + declared + " bytes, but the file has "
                        + fileLength);
            }
            if (gzip && count > fileLength * MAX_DEFLATE_RATIO) {
                throw new IllegalArgumentException(file + ": corrupt: header " + Arrays.toString(dims) + " declares "
                        + declared + " bytes (uncompressed), more than a " + fileLength + "-byte gzip file can hold");
            }
            // the bytes and their float copy (see Images#scaled) must fit in memory: say so before allocating
            long needed = 5 * wanted;
            long available = Runtime.getRuntime().maxMemory();
            if (needed > available) {
                throw new IllegalArgumentException(file + ": header " + Arrays.toString(dims) + " declares " + wanted
                        + " values, which need " + (needed >> 20) + " MB as bytes and floats, more than the "
                        + (available >> 20) + " MB Java may use; read fewer (--limit) or raise -Xmx");
            }
            byte[] values = new byte[(int) wanted];
            int got = 0;
            try {
                while (got < values.length) {
                    int r = in.read(values, got, Math.min(1 << 16, values.length - got));
                    if (r < 0) {
                        break;
                    }
                    got += r;
                }
            } catch (EOFException e) {
                // a gzip stream cut short: report it like any other truncation below
            }
            if (got < values.length) {
                throw new IllegalArgumentException(file + ": truncated: header " + Arrays.toString(dims)
                        + " declares " + declared + " bytes" + unit + ", but the file has " + (headerLength + got));
            }
            if (partial) {
                int[] readDims = dims.clone();
                readDims[0] = maxCount;
                return new Raw(readDims, values);
            }
            if (gzip && in.read() != -1) {
                throw new IllegalArgumentException(file + ": too long: header " + Arrays.toString(dims)
                        + " declares " + declared + " bytes" + unit + ", but the file holds more");
            }
            return new Raw(dims, values);
        } catch (EOFException | ZipException e) {
            throw new IllegalArgumentException(file + ": truncated or corrupt gzip data: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String describe(int magic) {
        if ((magic >>> 16) != 0) {
            return " (the first two bytes of an IDX file are zero)";
        }
        int type = (magic >>> 8) & 0xFF;
        if (type != 0x08) {
            return " (element type 0x" + String.format("%02X", type) + "; only unsigned bytes, 0x08, are supported)";
        }
        return " (" + (magic & 0xFF) + " dimensions)";
    }

    /** Opens the file, transparently decompressing it when it starts with gzip's magic bytes 1f 8b. */
    private static InputStream open(Path file) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new GZIPInputStream(in, 1 << 16);
        }
        return in;
    }

    private static int readInt(InputStream in, Path file, String what) throws IOException {
        byte[] b = in.readNBytes(4);
        if (b.length < 4) {
            throw new IllegalArgumentException(file + ": truncated: file ends inside the header (reading the "
                    + what + ")");
        }
        return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }
}
