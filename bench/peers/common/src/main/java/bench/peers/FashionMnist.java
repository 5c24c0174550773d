package bench.peers;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Fashion-MNIST as the whole benchmark preloads it: row-major float pixels scaled to [0, 1] and int labels, read
 * from the IDX files of Debian's dataset-fashion-mnist (plain or .gz), exactly as bench/perf/common.py does.
 */
public record FashionMnist(float[] trainImages, int[] trainLabels, float[] testImages, int[] testLabels) {
    /** Pixels per image (28 × 28). */
    public static final int FEATURES = 784;
    /** Number of classes. */
    public static final int CLASSES = 10;

    /** Reads the four IDX files from {@code dir}. */
    public static FashionMnist load(Path dir) throws IOException {
        return new FashionMnist(images(file(dir, "train-images-idx3-ubyte")), labels(file(dir, "train-labels-idx1-ubyte")),
                images(file(dir, "t10k-images-idx3-ubyte")), labels(file(dir, "t10k-labels-idx1-ubyte")));
    }

    private static float[] images(Path path) throws IOException {
        byte[] raw = body(path, 3);
        float[] pixels = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
            pixels[i] = (raw[i] & 0xff) / 255f;
        }
        return pixels;
    }

    private static int[] labels(Path path) throws IOException {
        byte[] raw = body(path, 1);
        int[] labels = new int[raw.length];
        for (int i = 0; i < raw.length; i++) {
            labels[i] = raw[i] & 0xff;
        }
        return labels;
    }

    /** The unsigned-byte payload of an IDX file after its magic number and {@code dims} big-endian sizes. */
    private static byte[] body(Path path, int dims) throws IOException {
        try (InputStream raw = Files.newInputStream(path);
                DataInputStream in = new DataInputStream(path.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw)) {
            int magic = in.readInt();
            if (magic != (0x800 | dims)) {
                throw new IOException(path + ": not an IDX file of unsigned bytes with " + dims + " dimension(s)");
            }
            long size = 1;
            for (int d = 0; d < dims; d++) {
                size *= in.readInt();
            }
            byte[] body = new byte[Math.toIntExact(size)];
            in.readFully(body);
            return body;
        }
    }

    private static Path file(Path dir, String base) {
        for (String name : new String[] {base, base + ".gz"}) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        throw new IllegalArgumentException(base + "(.gz) not found in " + dir
                + "; install Debian's dataset-fashion-mnist or pass the directory");
    }
}
