package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.io.Checkpoint;
import dev.descent.io.Json;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A convolutional model through the real commands: train, eval, predict a PNG, resume, and the mistakes. */
class ConvCommandTest {
    @TempDir
    static Path tmp;
    static Path run;
    static CommandRun trained;

    @BeforeAll
    static void train() {
        run = tmp.resolve("cnn");
        trained = CommandRun.of("train", "--model", "conv4-pool-conv8-bn-pool-10", "--data", "digits", "--limit",
                "400", "--activation", "relu", "--loss", "cross-entropy", "--optimizer", "adam", "--lr", "0.01",
                "--batch", "32", "--epochs", "2", "--threads", "1", "--out", run.toString());
    }

    @Test
    void trainsAndSavesAPyTorchStateDictWithTheInputShape() throws Exception {
        assertEquals(0, trained.exitCode(), trained.err());
        Checkpoint c = Checkpoint.load(run);
        assertEquals("1x28x28-conv4-pool-conv8-bn-pool-10", c.info().get("model"));
        assertEquals(List.of(4, 1, 3, 3), shape(c, "1.weight"));
        assertEquals(List.of(8, 4, 3, 3), shape(c, "4.weight"));
        assertEquals(List.of(8), shape(c, "5.running_var"));
        assertTrue(c.model().stateDict().get("5.num_batches_tracked").item() == 26, "13 batches of 32, 2 epochs");
    }

    private static List<Integer> shape(Checkpoint c, String name) {
        return java.util.Arrays.stream(c.model().stateDict().get(name).shape()).boxed().toList();
    }

    @Test
    void evalAndPredictAPngUseTheConvolutionalModel() throws Exception {
        CommandRun e = CommandRun.of("eval", run.toString());
        assertEquals(0, e.exitCode(), e.err());
        assertTrue(e.out().contains("1x28x28-conv4-pool-conv8-bn-pool-10 relu"), e.out());
        assertTrue(e.percentAfter("accuracy:") > 30, e.out());

        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(13, 5, 3, 18);
        g.dispose();
        Path png = tmp.resolve("one.png");
        ImageIO.write(img, "png", png.toFile());
        CommandRun p = CommandRun.of("predict", run.toString(), png.toString(), "--json");
        assertEquals(0, p.exitCode(), p.err());
        Map<String, Object> json = Json.parse(p.out());
        List<?> predictions = (List<?>) json.get("predictions");
        List<?> probabilities = (List<?>) ((Map<?, ?>) predictions.get(0)).get("probabilities");
        assertEquals(10, probabilities.size());
        double sum = probabilities.stream().mapToDouble(v -> ((Number) v).doubleValue()).sum();
        assertEquals(1.0, sum, 1e-6);
    }

    @Test
    void resumeTrainsFurther() {
        Path copy = tmp.resolve("resumed");
        CommandRun r = CommandRun.of("train", "--resume", run.toString(), "--epochs", "3", "--out", copy.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("    3 "), r.out());
    }

    @Test
    void aConvolutionalModelOnPointsOrAMistypedLayerIsAUsageError() {
        CommandRun points = CommandRun.of("train", "--model", "conv8-pool-2", "--data", "moons", "--out",
                tmp.resolve("x").toString());
        assertEquals(2, points.exitCode(), points.err());
        assertTrue(points.oneLineError(), points.err());
        assertTrue(points.err().contains("is convolutional and reads images"), points.err());
        CommandRun typo = CommandRun.of("train", "--model", "conv8-pol-10", "--out", tmp.resolve("y").toString());
        assertEquals(2, typo.exitCode(), typo.err());
        assertTrue(typo.err().contains("'pol': expected convN"), typo.err());
    }

    @Test
    void helpDocumentsTheGrammar() {
        CommandRun h = CommandRun.of("train", "--help");
        assertTrue(h.out().contains("conv8-pool-conv16-pool-10") && h.out().contains("convNkK"), h.out());
    }
}
