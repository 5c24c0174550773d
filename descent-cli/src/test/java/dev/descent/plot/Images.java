package dev.descent.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;

/** Checks that a written file is a readable PNG or SVG of the expected size. */
final class Images {

    private Images() {
    }

    /** Asserts a PNG of width × height pixels with more than one color, and returns it. */
    static BufferedImage assertPng(Path file, int width, int height) throws IOException {
        assertTrue(Files.isRegularFile(file), file + " exists");
        byte[] signature = new byte[8];
        try (InputStream in = Files.newInputStream(file)) {
            assertEquals(8, in.read(signature));
        }
        assertEquals((byte) 0x89, signature[0]);
        assertEquals("PNG", new String(signature, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, file + " decodes");
        assertEquals(width, image.getWidth());
        assertEquals(height, image.getHeight());
        java.util.Set<Integer> colors = new java.util.HashSet<>();
        for (int y = 0; y < height; y += 3) {
            for (int x = 0; x < width; x += 3) {
                colors.add(image.getRGB(x, y));
            }
        }
        assertTrue(colors.size() > 10, "image is not blank: " + colors.size() + " colors");
        return image;
    }

    /** Asserts a well-formed SVG document whose root declares the given size, and returns its text. */
    static String assertSvg(Path file, int width, int height) throws Exception {
        assertTrue(Files.isRegularFile(file), file + " exists");
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        // Batik writes a DOCTYPE naming the SVG 1.0 DTD; never fetch it.
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Element root = factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
        assertEquals("svg", root.getLocalName());
        assertEquals("http://www.w3.org/2000/svg", root.getNamespaceURI());
        assertEquals(Integer.toString(width), root.getAttribute("width"));
        assertEquals(Integer.toString(height), root.getAttribute("height"));
        return Files.readString(file);
    }
}
