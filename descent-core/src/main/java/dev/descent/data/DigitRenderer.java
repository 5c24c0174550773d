package dev.descent.data;

import dev.descent.tensor.Rng;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.geom.PathIterator;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Draws MNIST-like digits with Java2D. Each digit has a stroke template in a unit box (x right, y down, the digit
 * spanning roughly [0, 1]²); every control point is jittered, then the path is squeezed, slanted, rotated, scaled so
 * its larger side fits a 16–20 pixel box, placed with its center of ink in the middle of 28×28 (as MNIST was) and
 * stroked with a random round pen. No fonts are used.
 */
final class DigitRenderer {
    static final int SIDE = 28;
    private static final int CHUNK = 500;

    private final Rng rng;
    private final BufferedImage image = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_BYTE_GRAY);
    private final byte[] raster = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    private final Graphics2D g = image.createGraphics();
    /** Standard deviation of control-point jitter in template units (the digit is about 1 tall). */
    private final double wobble;

    DigitRenderer(Rng rng) {
        this.rng = rng;
        this.wobble = 0.05;
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        // PURE keeps sub-pixel positions; the default normalization snaps thin strokes to the pixel grid
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    }

    /** {@code n} digits with balanced labels; chunks get their own generator, so thread count does not matter. */
    static Dataset generate(int n, long seed) {
        Rng root = Rng.of(seed);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
        }
        root.shuffle(labels);
        int chunks = (n + CHUNK - 1) / CHUNK;
        long[] chunkSeeds = new long[chunks];
        for (int c = 0; c < chunks; c++) {
            chunkSeeds[c] = root.nextLong();
        }
        float[] pixels = new float[n * SIDE * SIDE];
        IntStream.range(0, chunks).parallel().forEach(c -> {
            DigitRenderer renderer = new DigitRenderer(Rng.of(chunkSeeds[c]));
            int end = Math.min(n, (c + 1) * CHUNK);
            for (int i = c * CHUNK; i < end; i++) {
                renderer.draw(labels[i], pixels, i * SIDE * SIDE);
            }
            renderer.g.dispose();
        });
        return Dataset.owning("digits", pixels, new int[] {SIDE, SIDE}, labels, 10, List.of());
    }

    /** Renders one {@code digit} into {@code out[offset..offset+784)} as values in [0, 1]. */
    void draw(int digit, float[] out, int offset) {
        Path2D.Double path = template(digit);
        double aspect = digit == 1 ? 1 : uniform(0.6, 0.92);
        double slant = rng.normal(0, 0.18);
        double rotation = rng.normal(0, 0.1);
        double penWidth = uniform(1.4, 3.2);
        double size = uniform(16, 20) - penWidth;

        AffineTransform shape = new AffineTransform();
        shape.rotate(rotation);
        shape.shear(-slant, 0); // x += slant * (0.5 - y) up to a shift: the top leans right for slant > 0
        shape.scale(aspect, 1);
        Shape shaped = shape.createTransformedShape(path);
        Rectangle2D box = shaped.getBounds2D();
        double scale = size / Math.max(box.getWidth(), box.getHeight());
        // like MNIST: the size comes from the bounding box, the position from the center of mass of the ink
        double[] center = inkCenter(shaped);
        AffineTransform place = new AffineTransform();
        place.translate(SIDE / 2.0 + rng.normal(0, 0.7), SIDE / 2.0 + rng.normal(0, 0.7));
        place.scale(scale, scale);
        place.translate(-center[0], -center[1]);
        // but never so far that the stroke leaves the image: keep the inked box a pixel inside the edges
        Rectangle2D inked = place.createTransformedShape(shaped).getBounds2D();
        double margin = 1 + penWidth / 2;
        double dx = Math.max(0, margin - inked.getMinX()) - Math.max(0, inked.getMaxX() - (SIDE - margin));
        double dy = Math.max(0, margin - inked.getMinY()) - Math.max(0, inked.getMaxY() - (SIDE - margin));
        place.preConcatenate(AffineTransform.getTranslateInstance(dx, dy));

        g.setColor(Color.BLACK);
        g.fillRect(0, 0, SIDE, SIDE);
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke((float) penWidth, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(place.createTransformedShape(shaped));

        // pen pressure, then uniform grain of +-10% on the ink (uniform because Gaussians cost a log each)
        float ink = (float) uniform(0.8, 1.0) / 255f;
        for (int p = 0; p < SIDE * SIDE; p++) {
            int level = raster[p] & 0xFF;
            float v = level == 0 ? 0f : level * ink * (0.9f + 0.2f * rng.nextFloat());
            out[offset + p] = Math.min(1f, v);
        }
        if (rng.nextInt(3) == 0) { // a speck of dust somewhere in a third of the images
            out[offset + rng.nextInt(SIDE * SIDE)] = (float) uniform(0.1, 0.4);
        }
    }

    /** The length-weighted centroid of the path: where a pen of constant width puts the center of its ink. */
    private static double[] inkCenter(Shape shape) {
        double[] c = new double[6];
        double length = 0;
        double sx = 0;
        double sy = 0;
        double x = 0;
        double y = 0;
        for (PathIterator it = shape.getPathIterator(null, 0.01); !it.isDone(); it.next()) {
            int type = it.currentSegment(c);
            if (type == PathIterator.SEG_LINETO) {
                double l = Math.hypot(c[0] - x, c[1] - y);
                length += l;
                sx += l * (x + c[0]) / 2;
                sy += l * (y + c[1]) / 2;
            }
            x = c[0];
            y = c[1];
        }
        if (length == 0) {
            Rectangle2D box = shape.getBounds2D();
            return new double[] {box.getCenterX(), box.getCenterY()};
        }
        return new double[] {sx / length, sy / length};
    }

    private Path2D.Double template(int digit) {
        Pen p = new Pen();
        switch (digit) {
            case 0 -> {
                double gap = rng.normal(0, 0.05);
                p.move(0.55 + gap, 0.02);
                p.curve(0.2, 0.0, 0.0, 0.25, 0.0, 0.5);
                p.curve(0.0, 0.78, 0.25, 1.0, 0.5, 1.0);
                p.curve(0.78, 1.0, 1.0, 0.76, 1.0, 0.5);
                p.curve(1.0, 0.22, 0.8, -0.02, 0.45 - gap, 0.03);
            }
            case 1 -> {
                p.move(0.55, 0.0);
                p.line(0.48, 1.0);
                if (rng.nextDouble() < 0.35) {
                    p.move(0.3, 0.2);
                    p.line(0.55, 0.0);
                }
                if (rng.nextDouble() < 0.12) {
                    p.move(0.3, 1.0);
                    p.line(0.68, 1.0);
                }
            }
            case 2 -> {
                p.move(0.1, 0.25);
                p.curve(0.15, -0.05, 0.88, -0.08, 0.85, 0.3);
                if (rng.nextDouble() < 0.25) { // a little loop where the diagonal meets the base
                    p.curve(0.82, 0.55, 0.3, 0.7, 0.15, 0.95);
                    p.curve(0.1, 1.02, 0.35, 1.05, 0.3, 0.9);
                    p.curve(0.3, 0.85, 0.6, 1.0, 0.95, 0.96);
                } else {
                    p.curve(0.82, 0.55, 0.3, 0.75, 0.05, 1.0);
                    p.line(0.95, 0.98);
                }
            }
            case 3 -> {
                if (rng.nextDouble() < 0.2) { // flat-topped 3
                    p.move(0.1, 0.02);
                    p.line(0.85, 0.02);
                    p.line(0.4, 0.44);
                    p.line(0.45, 0.46);
                } else {
                    p.move(0.1, 0.12);
                    p.curve(0.4, -0.06, 0.9, 0.02, 0.85, 0.22);
                    p.curve(0.8, 0.42, 0.55, 0.46, 0.38, 0.47);
                }
                p.curve(0.75, 0.47, 1.0, 0.62, 0.9, 0.8);
                p.curve(0.8, 1.02, 0.3, 1.05, 0.05, 0.85);
            }
            case 4 -> {
                if (rng.nextDouble() < 0.5) {
                    p.move(0.62, 0.0);
                    p.line(0.05, 0.66);
                    p.line(0.95, 0.64);
                } else {
                    p.move(0.15, 0.0);
                    p.line(0.08, 0.6);
                    p.line(0.95, 0.6);
                }
                p.move(0.7, 0.02);
                p.line(0.68, 1.0);
            }
            case 5 -> {
                p.move(0.88, 0.02);
                p.line(0.25, 0.02);
                p.line(0.2, 0.45);
                p.curve(0.5, 0.3, 0.95, 0.45, 0.9, 0.72);
                p.curve(0.85, 1.0, 0.35, 1.05, 0.05, 0.88);
            }
            case 6 -> {
                double lean = rng.uniform(-0.15, 0.1); // how far the stem bows out to the left
                p.move(0.78, 0.02);
                p.curve(0.4 + lean, 0.1, 0.1 + lean, 0.45, 0.12, 0.75);
                p.curve(0.15, 1.0, 0.75, 1.05, 0.85, 0.72);
                p.curve(0.9, 0.45, 0.35, 0.4, 0.13, 0.68);
            }
            case 7 -> {
                p.move(0.08, 0.05);
                p.line(0.92, 0.03);
                if (rng.nextDouble() < 0.5) {
                    p.quad(0.6, 0.5, 0.42, 1.0);
                } else {
                    p.line(0.35, 1.0);
                }
                if (rng.nextDouble() < 0.25) {
                    p.move(0.3, 0.55);
                    p.line(0.78, 0.52);
                }
            }
            case 8 -> {
                p.move(0.5, 0.0);
                p.curve(0.1, 0.0, 0.12, 0.45, 0.5, 0.5);
                p.curve(0.95, 0.55, 0.95, 1.0, 0.5, 1.0);
                p.curve(0.05, 1.0, 0.05, 0.55, 0.5, 0.5);
                p.curve(0.88, 0.45, 0.9, 0.0, 0.5, 0.0);
            }
            case 9 -> {
                p.move(0.82, 0.3);
                p.curve(0.78, -0.02, 0.12, -0.02, 0.12, 0.28);
                p.curve(0.12, 0.56, 0.75, 0.56, 0.82, 0.3);
                if (rng.nextDouble() < 0.5) {
                    p.line(0.7, 1.0);
                } else {
                    p.quad(0.85, 0.75, 0.5, 1.0);
                }
            }
            default -> throw new IllegalArgumentException("digit must be 0..9, was " + digit);
        }
        return p.path;
    }

    private double uniform(double low, double high) {
        return rng.uniform(low, high);
    }

    /** Builds a path whose every point is jittered, so no two drawings of a digit share a shape. */
    private final class Pen {
        final Path2D.Double path = new Path2D.Double();

        double j(double v) {
            return v + wobble * rng.nextGaussian();
        }

        void move(double x, double y) {
            path.moveTo(j(x), j(y));
        }

        void line(double x, double y) {
            path.lineTo(j(x), j(y));
        }

        void quad(double x1, double y1, double x, double y) {
            path.quadTo(j(x1), j(y1), j(x), j(y));
        }

        void curve(double x1, double y1, double x2, double y2, double x, double y) {
            path.curveTo(j(x1), j(y1), j(x2), j(y2), j(x), j(y));
        }
    }
}
