package dev.descent.cli;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * A grayscale picture as the model's input: PNG/JPEG/GIF/BMP through ImageIO, PGM (P2 text or P5 binary, comments
 * allowed) read here. Values are scaled to [0, 1], resized to the model's square side with bilinear interpolation,
 * and inverted when the background is light: MNIST's convention is a white digit on black.
 */
final class ImageInput {
    /** The pixels, row-major, and what was done to them, for the user. */
    record Picture(float[] pixels, int side, String notes) {
    }

    /** Whether to turn dark-on-light pictures into light-on-dark ones. */
    enum Invert { AUTO, YES, NO }

    /**
     * The most pixels a picture may declare (a 40-megapixel photo): the gray copy takes 4 bytes a pixel, and a
     * header of a few bytes must not make us allocate gigabytes before the pixels prove it.
     */
    static final long MAX_PIXELS = 40_000_000;
    /** The largest image file read into memory; no picture within {@link #MAX_PIXELS} needs more. */
    static final long MAX_FILE_BYTES = 256L << 20;

    private ImageInput() {
    }

    static boolean isImage(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".pgm") || n.endsWith(".jpg") || n.endsWith(".jpeg")
                || n.endsWith(".gif") || n.endsWith(".bmp");
    }

    /** Reads {@code file} as a {@code side × side} grayscale picture in [0, 1]. */
    static Picture read(Path file, int side, Invert invert) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": not a regular file (an image file was expected)");
        }
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new IllegalArgumentException(file + ": " + size + " bytes, more than the " + MAX_FILE_BYTES
                    + " an image may have here; scale it down first");
        }
        byte[] bytes = Files.readAllBytes(file);
        float[][] gray = isPgm(bytes) ? pgm(bytes, file) : imageIo(bytes, file);
        int h = gray.length;
        int w = gray[0].length;
        StringBuilder notes = new StringBuilder(w + "x" + h + " grayscale");
        if (w != side || h != side) {
            gray = resize(gray, side);
            notes.append(", resized to ").append(side).append('x').append(side);
        }
        boolean light = borderMean(gray) > 0.5;
        boolean flip = invert == Invert.YES || (invert == Invert.AUTO && light);
        if (flip) {
            notes.append(invert == Invert.AUTO ? ", inverted (light background; MNIST digits are white on black)"
                    : ", inverted");
        }
        float[] out = new float[side * side];
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++) {
                float v = gray[r][c];
                out[r * side + c] = flip ? 1f - v : v;
            }
        }
        return new Picture(out, side, notes.toString());
    }

    private static boolean isPgm(byte[] b) {
        return b.length > 2 && b[0] == 'P' && (b[1] == '2' || b[1] == '5');
    }

    /** Netpbm PGM: "P2"/"P5", width, height, maxval separated by whitespace and # comments, then the samples. */
    static float[][] pgm(byte[] bytes, Path file) throws IOException {
        InputStream in = new ByteArrayInputStream(bytes);
        String magic = token(in, file);
        int w = positive(token(in, file), "width", file);
        int h = positive(token(in, file), "height", file);
        int max = positive(token(in, file), "maxval", file);
        if (max > 65535) {
            throw new IllegalArgumentException(file + ": PGM maxval " + max + " is above 65535");
        }
        checkPixels(file, "PGM", w, h);
        // each sample takes at least one byte (P5: one or two; P2: a digit and a separator), so the file bounds them
        long needed = (long) w * h * (magic.equals("P2") ? 2 : max > 255 ? 2 : 1) - (magic.equals("P2") ? 1 : 0);
        if (needed > bytes.length) {
            throw new IllegalArgumentException(file + ": PGM header declares " + w + "x" + h + " pixels, but the "
                    + bytes.length + "-byte file cannot hold them");
        }
        float[][] g = new float[h][w];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                int v;
                if (magic.equals("P2")) {
                    v = positive0(token(in, file), file);
                } else {
                    v = in.read();
                    if (max > 255) {
                        int lo = in.read();
                        v = v < 0 || lo < 0 ? -1 : (v << 8) | lo;
                    }
                    if (v < 0) {
                        throw new IllegalArgumentException(file + ": PGM data ends after " + (r * w + c) + " of "
                                + (w * h) + " pixels");
                    }
                }
                g[r][c] = Math.min(1f, (float) v / max);
            }
        }
        return g;
    }

    /** Refuses a picture declaring more than {@link #MAX_PIXELS} pixels, naming the file and its size. */
    private static void checkPixels(Path file, String format, long width, long height) {
        if (width < 1 || height < 1 || width * height > MAX_PIXELS) {
            throw new IllegalArgumentException(file + ": " + format + " header declares " + width + "x" + height
                    + " pixels; at most " + MAX_PIXELS + " are read (scale the picture down first)");
        }
    }

    /** The next whitespace-separated token, skipping # comments; the single whitespace after maxval is consumed. */
    private static String token(InputStream in, Path file) throws IOException {
        StringBuilder sb = new StringBuilder();
        int ch;
        while ((ch = in.read()) >= 0) {
            if (ch == '#' && sb.length() == 0) {
                while ((ch = in.read()) >= 0 && ch != '\n' && ch != '\r') {
                    // skip the comment
                }
                continue;
            }
            if (Character.isWhitespace(ch)) {
                if (sb.length() > 0) {
                    return sb.toString();
                }
                continue;
            }
            sb.append((char) ch);
        }
        if (sb.length() == 0) {
            throw new IllegalArgumentException(file + ": PGM header or data ends too early");
        }
        return sb.toString();
    }

    private static int positive(String token, String what, Path file) {
        int v = positive0(token, file);
        if (v < 1) {
            throw new IllegalArgumentException(file + ": PGM " + what + " must be >= 1, was " + v);
        }
        return v;
    }

    private static int positive0(String token, Path file) {
        try {
            int v = Integer.parseInt(token);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": '" + token + "' in the PGM file is not a whole number >= 0");
        }
    }

    /** Any format ImageIO reads, turned to luminance; transparent pixels count as white paper. */
    private static float[][] imageIo(byte[] bytes, Path file) throws IOException {
        BufferedImage img;
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new IllegalArgumentException(file + ": not an image Java can read (PNG, JPEG, GIF, BMP or PGM)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                // the header's size, checked before a single pixel is decoded
                checkPixels(file, reader.getFormatName().toUpperCase(Locale.ROOT), reader.getWidth(0),
                        reader.getHeight(0));
                img = reader.read(0);
            } catch (IOException | RuntimeException e) {
                if (e instanceof IllegalArgumentException) {
                    throw e;
                }
                throw new IllegalArgumentException(file + ": damaged image: " + e.getMessage(), e);
            } finally {
                reader.dispose();
            }
        }
        float[][] g = new float[img.getHeight()][img.getWidth()];
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int argb = img.getRGB(x, y);
                double a = ((argb >>> 24) & 0xFF) / 255.0;
                double lum = (0.299 * ((argb >> 16) & 0xFF) + 0.587 * ((argb >> 8) & 0xFF) + 0.114 * (argb & 0xFF))
                        / 255.0;
                g[y][x] = (float) (a * lum + (1 - a));
            }
        }
        return g;
    }

    /** Bilinear resize with Java2D through an 8-bit gray image. */
    private static float[][] resize(float[][] gray, int side) {
        int h = gray.length;
        int w = gray[0].length;
        BufferedImage src = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = Math.round(gray[y][x] * 255);
                src.getRaster().setSample(x, y, 0, v);
            }
        }
        BufferedImage dst = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = dst.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(src, 0, 0, side, side, null);
        g.dispose();
        float[][] out = new float[side][side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                out[y][x] = dst.getRaster().getSample(x, y, 0) / 255f;
            }
        }
        return out;
    }

    private static double borderMean(float[][] g) {
        int h = g.length;
        int w = g[0].length;
        double sum = 0;
        int n = 0;
        for (int x = 0; x < w; x++) {
            sum += g[0][x] + g[h - 1][x];
            n += 2;
        }
        for (int y = 1; y < h - 1; y++) {
            sum += g[y][0] + g[y][w - 1];
            n += 2;
        }
        return sum / n;
    }
}
