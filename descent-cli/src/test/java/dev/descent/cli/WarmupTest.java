package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.loss.LossKind;
import dev.descent.nn.Activation;
import dev.descent.nn.Init;
import dev.descent.optim.OptimizerKind;
import dev.descent.tensor.DType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The throwaway training that warms the kernels while train loads its data. */
class WarmupTest {
    @TempDir
    Path tmp;

    private static RunSettings settings(int[] sizes, OptimizerKind optimizer) {
        return new RunSettings("digits", 0, dev.descent.nn.ModelSpec.perceptron(sizes), Activation.Kind.RELU, Init.HE_NORMAL, LossKind.CROSS_ENTROPY,
                optimizer, 0.01, 32, DType.F32, 1, "constant", Double.NaN, 2);
    }

    @Test
    void itTrainsUntilStoppedAndThenItsThreadIsGone() throws Exception {
        Warmup w = Warmup.start(settings(new int[] {784, 32, 10}, OptimizerKind.ADAM), true);
        for (int i = 0; i < 6000 && w.steps() < 5; i++) {
            Thread.sleep(5);
        }
        w.stop();
        assertTrue(w.steps() >= 5, "steps: " + w.steps());
        assertFalse(w.running());
        int after = w.steps();
        Thread.sleep(20);
        assertEquals(after, w.steps(), "no step after stop()");
    }

    @Test
    void itDoesNotStartWithoutKnownWidthsOrForFullBatchOptimizersOrWhenNotWanted() {
        for (Warmup w : List.of(Warmup.start(settings(new int[] {1, 1}, OptimizerKind.SGD), true),
                Warmup.start(settings(new int[] {784, 32, 10}, OptimizerKind.LBFGS), true),
                Warmup.start(settings(new int[] {784, 32, 10}, OptimizerKind.SGD), false))) {
            assertFalse(w.running());
            w.stop();
            assertEquals(0, w.steps());
        }
    }

    /**
     * What a run wrote that does not depend on timing: the checkpoint's tensor bytes (after safetensors' 8-byte
     * header length and JSON header, up to history.epochs, whose rows hold the seconds), history.csv without its
     * seconds, steps.csv.
     */
    private static List<Object> written(Path dir, int minimumTensorBytes) throws Exception {
        String history = Files.readAllLines(dir.resolve("history.csv")).stream()
                .map(line -> line.substring(0, line.lastIndexOf(','))).collect(Collectors.joining("\n"));
        byte[] file = Files.readAllBytes(dir.resolve("model.safetensors"));
        long header = java.nio.ByteBuffer.wrap(file, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        String json = new String(file, 8, (int) header, java.nio.charset.StandardCharsets.UTF_8);
        java.util.regex.Matcher epochs = java.util.regex.Pattern
                .compile("\"history\\.epochs\"\\s*:\\s*\\{[^}]*\"data_offsets\"\\s*:\\s*\\[(\\d+)").matcher(json);
        assertTrue(epochs.find(), json);
        // the tensors before history.epochs (its rows hold the seconds; history.csv and steps.csv cover the rest)
        byte[] tensors = java.util.Arrays.copyOfRange(file, 8 + (int) header,
                8 + (int) header + Integer.parseInt(epochs.group(1)));
        assertTrue(tensors.length > minimumTensorBytes, "weights and momentum: " + tensors.length);
        return List.of(tensors, history,
                Files.readString(dir.resolve("steps.csv")));
    }

    @Test
    void aRunIsBitwiseTheSameWithAndWithoutTheWarmup() throws Exception {
        assertSameWithAndWithoutWarmup(4 * 25_418, "train", "--limit", "3000", "--model", "784-32-10", "--activation",
                "relu", "--loss", "cross-entropy", "--optimizer", "momentum", "--batch", "32", "--epochs", "2",
                "--threads", "2", "--out");
    }

    @Test
    void aConvolutionalModelOnImageDataIsWarmedWithTheImageShape() throws Exception {
        RunSettings digits = new RunSettings("digits", 0, dev.descent.nn.ModelSpec.parse("conv4-pool-10"),
                Activation.Kind.RELU, Init.HE_NORMAL, LossKind.CROSS_ENTROPY, OptimizerKind.MOMENTUM, 0.01, 16,
                DType.F32, 1, "constant", Double.NaN, 2);
        assertArrayEquals(new int[] {1, 28, 28}, Warmup.knownShape(digits).inputShape());
        Warmup w = Warmup.start(digits, true);
        for (int i = 0; i < 6000 && w.steps() < 3; i++) {
            Thread.sleep(5);
        }
        w.stop();
        assertTrue(w.steps() >= 3, "steps: " + w.steps());
        // points have no image shape: nothing to warm before the data says what the input is
        RunSettings moons = new RunSettings("moons", 0, dev.descent.nn.ModelSpec.parse("conv4-pool-10"),
                Activation.Kind.RELU, Init.HE_NORMAL, LossKind.CROSS_ENTROPY, OptimizerKind.MOMENTUM, 0.01, 16,
                DType.F32, 1, "constant", Double.NaN, 2);
        assertEquals(null, Warmup.knownShape(moons));
        Warmup none = Warmup.start(moons, true);
        assertFalse(none.running());
        none.stop();
    }

    @Test
    void aConvolutionalRunIsBitwiseTheSameWithAndWithoutTheWarmup() throws Exception {
        assertSameWithAndWithoutWarmup(4 * 2 * 1_000, "train", "--limit", "600", "--model", "conv4-pool-10",
                "--activation", "relu", "--loss", "cross-entropy", "--optimizer", "momentum", "--batch", "16",
                "--epochs", "2", "--threads", "2", "--out");
    }

    private void assertSameWithAndWithoutWarmup(int minimumTensorBytes, String... args) throws Exception {
        String previous = System.getProperty("descent.warmup");
        List<List<Object>> runs = new java.util.ArrayList<>();
        try {
            for (String on : List.of("true", "false", "true")) {
                System.setProperty("descent.warmup", on);
                Path out = tmp.resolve("run-" + runs.size());
                String[] all = java.util.Arrays.copyOf(args, args.length + 1);
                all[args.length] = out.toString();
                CommandRun r = CommandRun.of(all);
                assertEquals(0, r.exitCode(), r.err());
                runs.add(written(out, minimumTensorBytes));
            }
        } finally {
            if (previous == null) {
                System.clearProperty("descent.warmup");
            } else {
                System.setProperty("descent.warmup", previous);
            }
        }
        for (List<Object> run : runs.subList(1, 3)) {
            assertArrayEquals((byte[]) runs.get(0).get(0), (byte[]) run.get(0), "model.safetensors tensors");
            assertEquals(runs.get(0).get(1), run.get(1), "history.csv");
            assertEquals(runs.get(0).get(2), run.get(2), "steps.csv");
        }
    }
}
