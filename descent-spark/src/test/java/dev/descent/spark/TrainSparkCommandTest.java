package dev.descent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.cli.Main;
import dev.descent.io.Checkpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code descent train --spark}: the run directory and results of a local run, and {@code --resume}. */
class TrainSparkCommandTest {
    private static final String[] SETTINGS = {"--data", "moons", "--limit", "200", "--model", "2-8-2",
        "--activation", "tanh", "--loss", "cross-entropy", "--optimizer", "adam", "--lr", "0.05", "--batch", "16",
        "--dtype", "f64", "--seed", "3", "--threads", "1", "--progress", "never"};

    @TempDir
    Path tmp;

    private static String[] train(String... more) {
        String[] all = new String[1 + SETTINGS.length + more.length];
        all[0] = "train";
        System.arraycopy(SETTINGS, 0, all, 1, SETTINGS.length);
        System.arraycopy(more, 0, all, 1 + SETTINGS.length, more.length);
        return all;
    }

    /** Runs the real command line; returns its exit code, failing with its output when it is not 0. */
    private static void run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        assertEquals(0, code, out + "\n" + err);
        assertTrue(err.toString().isEmpty(), err.toString());
    }

    @Test
    void sparkRunWritesTheRunDirectoryOfALocalRunWithItsWeightsAndResumes() throws IOException {
        LocalSpark.session(); // the tests' session: the command joins it, as it would under spark-submit
        Path local = tmp.resolve("local");
        Path spark = tmp.resolve("spark");
        run(train("--epochs", "3", "--out", local.toString()));
        run(train("--epochs", "2", "--spark", LocalSpark.MASTER, "--out", spark.toString()));
        for (String f : List.of("model.safetensors", "history.csv", "steps.csv", "loss.png")) {
            assertTrue(Files.isRegularFile(spark.resolve(f)), f);
        }
        run("train", "--resume", spark.toString(), "--epochs", "3", "--spark", LocalSpark.MASTER, "--progress",
                "never");
        Checkpoint a = Checkpoint.load(local);
        Checkpoint b = Checkpoint.load(spark);
        assertEquals(3, b.history().epochs().size());
        SparkTrainerTest.assertClose(a.model(), b.model());
        SparkTrainerTest.assertClose(a.history().stepLosses(), b.history().stepLosses(), "step losses");
        assertEquals(Files.readAllLines(local.resolve("steps.csv")).size(),
                Files.readAllLines(spark.resolve("steps.csv")).size());
    }
}
