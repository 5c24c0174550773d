package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.io.Json;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** eval and predict on runs trained once for the class: digits (images) and moons (CSV rows). */
class EvalPredictCommandTest {
    @TempDir
    static Path tmp;
    static Path digits;
    static Path moons;

    @BeforeAll
    static void train() {
        digits = tmp.resolve("digits");
        moons = tmp.resolve("moons");
        assertEquals(0, CommandRun.of("train", "--limit", "2000", "--epochs", "3", "--threads", "1", "--out",
                digits.toString()).exitCode());
        assertEquals(0, CommandRun.of("train", "--data", "moons", "--model", "2-16-2", "--activation", "tanh",
                "--loss", "cross-entropy", "--optimizer", "adam", "--lr", "0.05", "--epochs", "10", "--out",
                moons.toString()).exitCode());
    }

    @Test
    void evalPrintsAccuracyPerClassAndTheConfusionMatrix() {
        CommandRun r = CommandRun.of("eval", digits.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.percentAfter("accuracy:") > 60, r.out());
        assertTrue(r.out().contains("precision") && r.out().contains("recall") && r.out().contains("F1"), r.out());
        assertTrue(r.out().contains("true\\pred"), r.out());
        assertTrue(Files.isRegularFile(digits.resolve("confusion.png")));
    }

    @Test
    void evalJsonHasTheMatrix() {
        CommandRun r = CommandRun.of("eval", moons.toString(), "--json");
        assertEquals(0, r.exitCode(), r.err());
        Map<String, Object> json = Json.parse(r.out());
        assertTrue(((Number) json.get("accuracy")).doubleValue() > 0.9, r.out());
        assertEquals(2, ((List<?>) json.get("confusion")).size());
    }

    @Test
    void evalOfAMissingRunSaysHowToMakeOne() {
        CommandRun r = CommandRun.of("eval", tmp.resolve("nothing").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().contains("descent train"), r.err());
    }

    /** A digit-like stroke: a vertical bar, dark on light when {@code paper} is white. */
    private static Path drawOne(Path file, int side, Color paper, Color ink) throws Exception {
        BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(paper);
        g.fillRect(0, 0, side, side);
        g.setColor(ink);
        g.fillRect(side * 13 / 28, side * 5 / 28, side * 3 / 28, side * 18 / 28);
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    @Test
    void predictReadsPngAndPgmImages() throws Exception {
        Path png = drawOne(tmp.resolve("one.png"), 28, Color.BLACK, Color.WHITE);
        Path light = drawOne(tmp.resolve("one-light.png"), 84, Color.WHITE, Color.BLACK);
        StringBuilder pgm = new StringBuilder("P2\n# a comment\n28 28\n# another\n255\n");
        for (int r = 0; r < 28; r++) {
            for (int c = 0; c < 28; c++) {
                pgm.append(c >= 13 && c < 16 && r >= 5 && r < 23 ? 255 : 0).append(c == 27 ? "\n" : " ");
            }
        }
        Path pgmFile = Files.writeString(tmp.resolve("one.pgm"), pgm);
        CommandRun r = CommandRun.of("predict", digits.toString(), png.toString(), light.toString(),
                pgmFile.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("one-light.png [84x84 grayscale, resized to 28x28, inverted"), r.out());
        assertTrue(r.out().contains("one.pgm [28x28 grayscale]: class "), r.out());
        assertEquals(3, r.out().split("←", -1).length - 1, r.out());
    }

    @Test
    void predictReadsCsvRowsAsJson() throws Exception {
        Path csv = Files.writeString(tmp.resolve("points.csv"), "x,y\n-0.5,0.5\n1.5,-0.4,1\n");
        CommandRun r = CommandRun.of("predict", moons.toString(), csv.toString(), "--json");
        assertEquals(0, r.exitCode(), r.err());
        List<?> predictions = (List<?>) Json.parse(r.out()).get("predictions");
        assertEquals(2, predictions.size());
        Map<?, ?> second = (Map<?, ?>) predictions.get(1);
        assertEquals(1, ((Number) second.get("class")).intValue(), r.out());
        List<?> p = (List<?>) second.get("probabilities");
        assertEquals(1.0, ((Number) p.get(0)).doubleValue() + ((Number) p.get(1)).doubleValue(), 1e-9);
    }

    @Test
    void predictRejectsRowsOfTheWrongWidth() throws Exception {
        Path csv = Files.writeString(tmp.resolve("wide.csv"), "1,2,3,4\n");
        CommandRun r = CommandRun.of("predict", moons.toString(), csv.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().contains("line 1: 4 values, the model takes 2"), r.err());
    }
}
