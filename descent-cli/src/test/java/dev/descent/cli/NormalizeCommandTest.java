package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.Dataset;
import dev.descent.data.FeatureStats;
import dev.descent.io.Checkpoint;
import dev.descent.io.Json;
import dev.descent.nn.Parameter;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --normalize} through the real commands: the training set's statistics are saved in the checkpoint,
 * and eval, predict (CSV rows and images) and --resume apply them, so they agree with train's own evaluation.
 */
class NormalizeCommandTest {
    private static final String[] MOONS = {"train", "--data", "moons", "--limit", "400", "--model", "2-8-2",
        "--activation", "tanh", "--loss", "cross-entropy", "--optimizer", "adam", "--lr", "0.05", "--seed", "7",
        "--threads", "1", "--normalize"};

    @TempDir
    Path tmp;

    @Test
    void pointsAreStandardizedPerFeatureAndEvalAndPredictAgreeWithTrain() throws Exception {
        Path run = tmp.resolve("moons");
        CommandRun t = CommandRun.of(with(MOONS, "--epochs", "3", "--json", "--out", run.toString()));
        assertEquals(0, t.exitCode(), t.err());
        double trained = ((Number) Json.parse(t.out()).get("testAccuracy")).doubleValue();
        FeatureStats expected = Setup.data("moons", 400, 7).train().featureStats();
        assertEquals(expected, Checkpoint.load(run).normalization().orElseThrow());

        CommandRun e = CommandRun.of("eval", run.toString(), "--json");
        assertEquals(0, e.exitCode(), e.err());
        assertEquals(trained, ((Number) Json.parse(e.out()).get("accuracy")).doubleValue(), 0.0);

        Dataset test = Setup.testData("moons", 400, 7);
        assertEquals(trained, csvAccuracy(run, test, test.size()), 0.0);
        CommandRun text = CommandRun.of(with(MOONS, "--epochs", "1", "--out", tmp.resolve("text").toString()));
        assertTrue(text.out().contains("inputs: standardized per feature with the training set's means and standard"
                + " deviations of its 2 features"), text.out());
    }

    @Test
    void imagesAreStandardizedPerChannelForAConvolutionalModelAndPredictAPngAgrees() throws Exception {
        Path run = tmp.resolve("cnn");
        CommandRun t = CommandRun.of("train", "--model", "conv4-pool-10", "--data", "digits", "--limit", "400",
                "--activation", "relu", "--loss", "cross-entropy", "--optimizer", "adam", "--lr", "0.01", "--batch",
                "32", "--epochs", "2", "--threads", "1", "--seed", "3", "--normalize", "--out", run.toString());
        assertEquals(0, t.exitCode(), t.err());
        FeatureStats saved = Checkpoint.load(run).normalization().orElseThrow();
        FeatureStats expected = Setup.data("digits", 400, 3).train().channelStats();
        assertEquals(expected, saved);
        assertEquals(1, saved.mean().length, "one mean and std for grayscale images");
        assertTrue(t.out().contains("inputs: standardized per channel with the training set's mean "
                + Numbers.g4(saved.mean()[0]) + " and standard deviation " + Numbers.g4(saved.std()[0])), t.out());
        double trained = t.percentAfter("test accuracy:");

        CommandRun e = CommandRun.of("eval", run.toString());
        assertEquals(0, e.exitCode(), e.err());
        assertEquals(trained, e.percentAfter("accuracy:"), 0.0);
        Dataset test = Setup.testData("digits", 400, 3);
        assertEquals(trained / 100, csvAccuracy(run, test, test.size()), 0.0005);

        // a test digit as an 8-bit PNG and as CSV numbers of the same 8-bit pixels: the same probabilities
        float[] pixels = test.example(0);
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < 784; i++) {
            int q = Math.round(pixels[i] * 255);
            img.setRGB(i % 28, i / 28, q << 16 | q << 8 | q);
            row.append(i == 0 ? "" : ",").append(q / 255.0);
        }
        Path png = tmp.resolve("digit.png");
        ImageIO.write(img, "png", png.toFile());
        Path csv = tmp.resolve("digit.csv");
        Files.writeString(csv, row + "\n");
        assertArrayEquals(probabilities(run, csv).get(0), probabilities(run, png).get(0), 1e-5);
    }

    @Test
    void resumedNormalizedRunEndsWithTheSameWeightsAsAStraightOne() throws Exception {
        Path straight = tmp.resolve("straight");
        Path resumed = tmp.resolve("resumed");
        assertEquals(0, CommandRun.of(with(MOONS, "--epochs", "4", "--out", straight.toString())).exitCode());
        assertEquals(0, CommandRun.of(with(MOONS, "--epochs", "2", "--out", resumed.toString())).exitCode());
        CommandRun r = CommandRun.of("train", "--resume", resumed.toString(), "--epochs", "4", "--threads", "1");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("inputs: standardized per feature"), r.out());
        List<Parameter> a = Checkpoint.load(straight).model().parameters();
        List<Parameter> b = Checkpoint.load(resumed).model().parameters();
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).value().toDoubleArray(), b.get(i).value().toDoubleArray(), 0.0,
                    a.get(i).name());
        }
        assertEquals(Checkpoint.load(straight).normalization(), Checkpoint.load(resumed).normalization());
    }

    @Test
    void normalizeOnResumeOrDamagedStatisticsAreOneLineErrors() throws Exception {
        Path run = tmp.resolve("run");
        assertEquals(0, CommandRun.of(with(MOONS, "--epochs", "1", "--out", run.toString())).exitCode());
        CommandRun r = CommandRun.of("train", "--resume", run.toString(), "--normalize", "--epochs", "2");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.oneLineError() && r.err().contains("--normalize cannot be changed"), r.err());

        Checkpoint c = Checkpoint.load(run);
        Map<String, String> info = new LinkedHashMap<>(c.info());
        info.put(Checkpoint.NORMALIZATION, "{\"mean\":[0.5,0.5],\"std\":[1,-1]}");
        new Checkpoint(c.model(), c.architecture(), c.optimizerState(), c.history(), info).save(run);
        CommandRun e = CommandRun.of("eval", run.toString());
        assertEquals(1, e.exitCode(), e.err());
        assertTrue(e.oneLineError() && e.err().contains("input normalization is damaged"), e.err());
    }

    @Test
    void helpDescribesNormalize() {
        CommandRun h = CommandRun.of("train", "--help");
        assertTrue(h.out().contains("--normalize") && h.out().contains("transforms.Normalize"), h.out());
    }

    /** The share of {@code test}'s first {@code n} examples that predict, reading them as CSV rows, gets right. */
    private double csvAccuracy(Path run, Dataset test, int n) throws Exception {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < n; i++) {
            for (float v : test.example(i)) {
                rows.append(v).append(',');
            }
            rows.append(test.label(i)).append('\n');
        }
        Path csv = tmp.resolve("rows.csv");
        Files.writeString(csv, rows);
        CommandRun p = CommandRun.of("predict", run.toString(), csv.toString(), "--json");
        assertEquals(0, p.exitCode(), p.err());
        int right = 0;
        for (Object o : (List<?>) Json.parse(p.out()).get("predictions")) {
            Map<?, ?> prediction = (Map<?, ?>) o;
            right += prediction.get("class").equals(prediction.get("trueClass")) ? 1 : 0;
        }
        return right / (double) n;
    }

    private static List<double[]> probabilities(Path run, Path input) {
        CommandRun p = CommandRun.of("predict", run.toString(), input.toString(), "--json");
        assertEquals(0, p.exitCode(), p.err());
        List<double[]> out = new ArrayList<>();
        for (Object o : (List<?>) Json.parse(p.out()).get("predictions")) {
            List<?> q = (List<?>) ((Map<?, ?>) o).get("probabilities");
            out.add(q.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray());
        }
        return out;
    }

    private static String[] with(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
