package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.function.LongFunction;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratedTest {
    private static final List<LongFunction<Dataset>> TOYS = List.of(
            seed -> Generated.moons(200, 0.1, seed),
            seed -> Generated.circles(200, 0.05, 0.5, seed),
            seed -> Generated.spirals(300, 3, 0.2, seed),
            seed -> Generated.xor(200, 0.05, seed),
            seed -> Generated.blobs(300, 3, 0.5, seed),
            seed -> Generated.line(200, 2, 1, 0.1, seed));

    @Test
    void sameSeedSameDataOtherSeedOtherData() {
        for (LongFunction<Dataset> make : TOYS) {
            Dataset a = make.apply(11);
            assertArrayEquals(a.featureValues(), make.apply(11).featureValues(), a.name());
            assertFalse(Arrays.equals(a.featureValues(), make.apply(12).featureValues()), a.name());
        }
    }

    @Test
    void classificationSetsAreBalancedTwoDimensionalAndFinite() {
        for (LongFunction<Dataset> make : TOYS.subList(0, 5)) {
            Dataset d = make.apply(3);
            assertArrayEquals(new int[] {2}, d.exampleShape(), d.name());
            int[] counts = new int[d.classes()];
            for (int label : d.labels()) {
                counts[label]++;
            }
            for (int c : counts) {
                assertEquals(d.size() / d.classes(), c, d.name());
            }
        }
    }

    @Test
    void pointsFollowTheirFormulas() {
        Dataset moons = Generated.moons(100, 0, 1);
        for (int i = 0; i < 100; i++) {
            float[] p = moons.example(i);
            double cx = moons.label(i) == 0 ? 0 : 1;
            double cy = moons.label(i) == 0 ? 0 : 0.5;
            assertEquals(1, Math.hypot(p[0] - cx, p[1] - cy), 1e-5);
            assertTrue(moons.label(i) == 0 ? p[1] >= -1e-6 : p[1] <= 0.5 + 1e-6);
        }
        Dataset circles = Generated.circles(100, 0, 0.3, 1);
        for (int i = 0; i < 100; i++) {
            float[] p = circles.example(i);
            assertEquals(circles.label(i) == 0 ? 1 : 0.3, Math.hypot(p[0], p[1]), 1e-5);
        }
        Dataset xor = Generated.xor(100, 0, 1);
        for (int i = 0; i < 100; i++) {
            float[] p = xor.example(i);
            assertEquals(xor.label(i) == 1, (p[0] > 0) != (p[1] > 0));
        }
        Dataset line = Generated.line(50, -3, 0.5, 0, 1);
        for (int i = 0; i < 50; i++) {
            assertEquals(-3 * line.example(i)[0] + 0.5, line.target(i)[0], 1e-5);
            assertTrue(Math.abs(line.example(i)[0]) <= 1);
        }
        Dataset spirals = Generated.spirals(90, 3, 0, 1);
        for (int i = 0; i < 90; i++) {
            float[] p = spirals.example(i);
            assertTrue(Math.hypot(p[0], p[1]) < 1);
        }
    }

    @Test
    void argumentsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> Generated.moons(0, 0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> Generated.moons(10, -0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> Generated.circles(10, 0.1, 1.5, 1));
        assertThrows(IllegalArgumentException.class, () -> Generated.spirals(10, 1, 0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> Generated.blobs(10, 3, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> Generated.line(10, Double.POSITIVE_INFINITY, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Generated.digits(0, 1));
    }

    @Test
    void digitsAreDeterministicBalancedAndInUnitRange() {
        Dataset a = Generated.digits(1234, 99);
        assertEquals("Dataset(digits, 1234 x [28, 28], 10 classes)", a.toString());
        assertArrayEquals(a.featureValues(), Generated.digits(1234, 99).featureValues());
        assertArrayEquals(a.labels(), Generated.digits(1234, 99).labels());
        assertFalse(Arrays.equals(a.featureValues(), Generated.digits(1234, 100).featureValues()));
        int[] counts = new int[10];
        for (int label : a.labels()) {
            counts[label]++;
        }
        for (int c : counts) {
            assertTrue(c == 123 || c == 124, Arrays.toString(counts));
        }
        float max = 0;
        for (float v : a.featureValues()) {
            assertTrue(v >= 0 && v <= 1, "pixel " + v);
            max = Math.max(max, v);
        }
        assertTrue(max > 0.75f, "strokes should reach near-white, max " + max);
    }

    @Test
    void digitsDoNotDependOnTheThreadCount() throws Exception {
        // parallel streams started inside a ForkJoinPool run in that pool, here with one worker
        ForkJoinPool single = new ForkJoinPool(1);
        try {
            Dataset alone = single.submit(() -> Generated.digits(1100, 5)).get();
            assertArrayEquals(Generated.digits(1100, 5).featureValues(), alone.featureValues());
        } finally {
            single.shutdown();
        }
    }

    @Test
    void digitsSitInTheCenterLikeMnist() {
        Dataset d = Generated.digits(500, 8);
        for (int i = 0; i < d.size(); i++) {
            float[] image = d.example(i);
            double mass = 0;
            double rows = 0;
            double columns = 0;
            int inked = 0;
            double border = 0;
            for (int p = 0; p < 784; p++) {
                mass += image[p];
                rows += image[p] * (p / 28);
                columns += image[p] * (p % 28);
                inked += image[p] > 0.5f ? 1 : 0;
                int r = p / 28;
                int c = p % 28;
                if (r == 0 || r == 27 || c == 0 || c == 27) {
                    border += image[p];
                }
            }
            assertTrue(inked >= 15, "digit " + i + " has only " + inked + " inked pixels");
            assertEquals(13.5, rows / mass, 3.5, "center row of digit " + i);
            assertEquals(13.5, columns / mass, 3.5, "center column of digit " + i);
            assertTrue(border < 0.5, "digit " + i + " touches the edge of the image: " + border);
        }
    }

    @Test
    void twentyDigitsRenderToAPng(@TempDir Path dir) throws IOException {
        Dataset d = Generated.digits(20, 2024);
        BufferedImage sheet = new BufferedImage(20 * 28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < 20; i++) {
            float[] image = d.example(i);
            for (int p = 0; p < 784; p++) {
                int v = Math.round(image[p] * 255);
                sheet.getRaster().setSample(i * 28 + p % 28, p / 28, 0, v);
            }
        }
        Path png = dir.resolve("digits.png");
        assertTrue(ImageIO.write(sheet, "png", png.toFile()));
        assertTrue(Files.size(png) > 100);
    }
}
