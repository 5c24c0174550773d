package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.io.Checkpoint;
import dev.descent.nn.Activation;
import dev.descent.nn.Init;
import dev.descent.nn.Sequential;
import dev.descent.optim.Sgd;
import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import dev.descent.train.EpochResult;
import dev.descent.train.History;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code descent train} does with its run directory: never replace a run unasked, never leave an empty one. */
class RunDirectoryTest {
    @TempDir
    Path tmp;

    private static final List<String> MOONS = List.of("train", "--data", "moons", "--limit", "200", "--model", "2-4-2",
            "--activation", "tanh", "--loss", "cross-entropy", "--optimizer", "adam", "--lr", "0.05", "--threads", "1");

    private static CommandRun train(String... more) {
        List<String> args = new java.util.ArrayList<>(MOONS);
        args.addAll(List.of(more));
        return CommandRun.of(args.toArray(String[]::new));
    }

    @Test
    void trainingOverAnExistingRunIsRefusedWithTheWaysOn() throws Exception {
        Path run = tmp.resolve("run");
        assertEquals(0, train("--epochs", "2", "--out", run.toString()).exitCode());
        byte[] model = Files.readAllBytes(run.resolve("model.safetensors"));
        CommandRun again = train("--epochs", "1", "--seed", "9", "--out", run.toString());
        assertEquals(2, again.exitCode(), again.err());
        assertTrue(again.oneLineError(), again.err());
        String line = again.err().lines().findFirst().orElseThrow();
        assertTrue(line.contains(run.toString()) && line.contains("--resume " + run) && line.contains("--out")
                && line.contains("--overwrite"), line);
        assertArrayEquals(model, Files.readAllBytes(run.resolve("model.safetensors")), "the old model is kept");
        assertEquals(3, Files.readAllLines(run.resolve("history.csv")).size());
    }

    @Test
    void overwriteReplacesTheOldRunsFilesOnly() throws Exception {
        Path run = tmp.resolve("run");
        assertEquals(0, train("--epochs", "2", "--out", run.toString()).exitCode());
        Files.writeString(run.resolve("confusion.png"), "old eval");
        Files.writeString(run.resolve("notes.txt"), "the user's own file");
        CommandRun r = train("--epochs", "1", "--seed", "9", "--overwrite", "--out", run.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertFalse(Files.exists(run.resolve("confusion.png")), "the old run's evaluation is gone");
        assertTrue(Files.exists(run.resolve("notes.txt")), "files a run does not write are kept");
        assertEquals(2, Files.readAllLines(run.resolve("history.csv")).size(), "header and the new run's 1 epoch");
    }

    @Test
    void overwriteWithoutOutIsAUsageError() {
        CommandRun r = train("--epochs", "1", "--overwrite");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.oneLineError() && r.err().contains("--overwrite"), r.err());
    }

    @Test
    void aRunThatFailsBeforeItsFirstCheckpointLeavesNoDirectory() {
        Path out = tmp.resolve("new").resolve("run");
        CommandRun r = CommandRun.of("train", "--data", "nosuch", "--out", out.toString());
        assertNotEquals(0, r.exitCode());
        assertFalse(Files.exists(tmp.resolve("new")), "no empty run directory (nor its new parent) stays behind");
    }

    @Test
    void defaultDirectoriesStartedInTheSameSecondDoNotCollide() {
        LocalDateTime now = LocalDateTime.of(2026, 1, 2, 3, 4, 5);
        Path first = RunDirectory.createDefault(tmp.resolve("runs"), now).path();
        Path second = RunDirectory.createDefault(tmp.resolve("runs"), now).path();
        assertEquals("20260102-030405", first.getFileName().toString());
        assertEquals("20260102-030405-2", second.getFileName().toString());
        assertTrue(Files.isDirectory(first) && Files.isDirectory(second));
    }

    @Test
    void everyCheckpointComesWithTheHistoryAndStepsItHolds() throws Exception {
        Path run = tmp.resolve("saved");
        Files.createDirectories(run);
        Sequential model = Sequential.mlp(new int[] {2, 3, 2}, Activation.tanh(), Activation.identity(),
                Init.XAVIER_UNIFORM, DType.F32, Rng.of(1));
        RunDirectory.Saver saver = new RunDirectory.Saver(run, model, Sgd.of(model.parameterTensors(), 0.1), null,
                new java.util.LinkedHashMap<>(), 1, 3);
        for (int epoch = 1; epoch <= 2; epoch++) {
            History history = historyOf(epoch, 4);
            saver.onEpoch(history.last(), history);
            History saved = Checkpoint.load(run).history();
            assertEquals(epoch, saved.epochs().size());
            assertEquals(saved.toCsv(), Files.readString(run.resolve("history.csv")), "epoch " + epoch);
            assertEquals(saved.stepsToCsv(), Files.readString(run.resolve("steps.csv")), "epoch " + epoch);
        }
    }

    @Test
    void ctrlCBeforeTheFirstCheckpointSuggestsNoResume() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("stopped"));
        Sequential model = Sequential.mlp(new int[] {2, 2}, Activation.tanh(), Activation.identity(),
                Init.XAVIER_UNIFORM, DType.F32, Rng.of(1));
        RunDirectory.Saver saver = new RunDirectory.Saver(run, model, Sgd.of(model.parameterTensors(), 0.1), null,
                new java.util.LinkedHashMap<>(), 2, 4);
        String before = saver.describeInterrupt(dev.descent.text.Messages.english());
        assertTrue(before.contains("nothing was saved") && !before.contains("--resume"), before);
        History history = historyOf(2, 3);
        saver.onEpoch(history.last(), history);
        String after = saver.describeInterrupt(dev.descent.text.Messages.english());
        assertEquals("interrupted; the checkpoint of epoch 2 in " + run + " is complete; continue with: descent train"
                + " --resume " + run, after);
    }

    /** A history of {@code epochs} epochs of {@code steps} steps with made-up losses. */
    private static History historyOf(int epochs, int steps) {
        int n = epochs * steps;
        double[] losses = new double[n];
        double[] rates = new double[n];
        double[] norms = new double[n];
        for (int i = 0; i < n; i++) {
            losses[i] = 1.0 / (i + 1);
            rates[i] = 0.1;
            norms[i] = 0.5 + i;
        }
        List<EpochResult> results = new java.util.ArrayList<>();
        for (int e = 1; e <= epochs; e++) {
            results.add(new EpochResult(e, 1.0 / e, 0.5, 1.1 / e, 0.5, 0.1, 0.3, 0.01));
        }
        return History.restore(losses, rates, norms, results);
    }
}
