package dev.descent.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.descent.nn.Linear;
import dev.descent.nn.Sequential;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults injected into training runs: SIGKILL at random moments, a write that fails midway (as on a full disk),
 * and a read-only run directory. The newest checkpoint must always load, and resuming must reproduce the
 * uninterrupted run bit for bit.
 */
class CrashSafetyTest {
    private static final int EPOCHS = 60;
    private static final int KILLS = 20;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void killedTwentyTimesAtRandomTheRunResumesToTheUninterruptedRunsExactWeights() throws Exception {
        Path straight = dir.resolve("straight");
        Process reference = worker(straight);
        assertEquals(0, reference.waitFor(), () -> "the uninterrupted run failed: " + errors(straight));

        Path killed = dir.resolve("killed");
        Random random = new Random(20261125);
        int lastEpochs = 0;
        List<Integer> epochsAtKill = new ArrayList<>();
        int midWrite = 0; // kills that left a half-written checkpoint behind
        java.util.Set<String> halfWritten = new java.util.HashSet<>();
        for (int kill = 0; kill < KILLS; kill++) {
            Process p = worker(killed);
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine(); // the JVM is up and the checkpoint, if any, is loaded
            if (ready == null || !ready.startsWith("ready")) {
                fail("worker " + kill + " did not start: " + errors(killed));
            }
            // Let it finish 0 to 3 epochs, then kill it a random moment later: in a step, or writing a checkpoint.
            for (int epochs = random.nextInt(4); epochs > 0 && out.readLine() != null; epochs--) {
                continue;
            }
            Thread.sleep(random.nextInt(60));
            p.destroyForcibly();
            p.waitFor();
            for (Path temp : tempFiles(killed)) {
                midWrite += halfWritten.add(temp.getFileName().toString()) ? 1 : 0;
            }
            if (Files.exists(killed.resolve(Checkpoint.FILE_NAME))) {
                Checkpoint c = Checkpoint.load(killed); // the point: it always loads
                int epochs = c.history().epochs().size();
                assertTrue(epochs >= lastEpochs, "checkpoint went back from epoch " + lastEpochs + " to " + epochs);
                assertTrue(epochs < EPOCHS, "the run finished before kill " + kill + "; make it longer");
                for (Tensor t : c.model().parameterTensors()) {
                    assertTrue(t.isFinite());
                }
                lastEpochs = epochs;
            }
            epochsAtKill.add(lastEpochs);
        }
        Process last = worker(killed);
        assertEquals(0, last.waitFor(), () -> "the resumed run failed: " + errors(killed));

        Checkpoint expected = Checkpoint.load(straight);
        Checkpoint actual = Checkpoint.load(killed);
        assertEquals(expected.history(), actual.history(), "history (wall-clock time aside)");
        List<Tensor> want = expected.model().parameterTensors();
        List<Tensor> got = actual.model().parameterTensors();
        for (int i = 0; i < want.size(); i++) {
            assertArrayEquals(want.get(i).toFloatArray(), got.get(i).toFloatArray(), "parameter " + i);
        }
        assertEquals(expected.optimizerState().keySet(), actual.optimizerState().keySet());
        for (String key : expected.optimizerState().keySet()) {
            assertArrayEquals(expected.optimizerState().get(key).toDoubleArray(),
                    actual.optimizerState().get(key).toDoubleArray(), "optimizer state " + key);
        }
        assertEquals(List.of(), tempFiles(killed), "temporary files of killed writers are cleaned up");
        report("kills=" + KILLS + " during_a_checkpoint_write=" + midWrite + " epochs_at_each_kill=" + epochsAtKill
                + " final_weights_bitwise_equal=true");
    }

    @Test
    void aWriteThatFailsMidwayLeavesThePreviousCheckpointWhole() throws Exception {
        Sequential before = Sequential.of(Linear.of(3, 2, Rng.of(1)));
        Checkpoint.save(dir, new Checkpoint(before, null, Map.of(), null, Map.of("run", "1")));
        byte[] saved = Files.readAllBytes(dir.resolve(Checkpoint.FILE_NAME));
        byte[] next = Files.readAllBytes(dir.resolve(Checkpoint.FILE_NAME)); // same size as a new one would be
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(dir.resolve(Checkpoint.FILE_NAME),
                out -> {
                    out.write(next, 0, next.length / 2);
                    throw new IOException("No space left on device");
                }));
        assertEquals("No space left on device", e.getMessage());
        assertArrayEquals(saved, Files.readAllBytes(dir.resolve(Checkpoint.FILE_NAME)), "the old file is intact");
        assertEquals(List.of(), tempFiles(dir), "the half-written temporary file is gone");
        Checkpoint loaded = Checkpoint.load(dir);
        assertArrayEquals(before.parameterTensors().get(0).toFloatArray(),
                loaded.model().parameterTensors().get(0).toFloatArray());
    }

    @Test
    void theNextWriteRemovesTheTemporaryFileOfAKilledWriter() throws Exception {
        Process gone = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-version").redirectErrorStream(true).start();
        gone.getInputStream().readAllBytes();
        gone.waitFor();
        Path stale = dir.resolve("." + Checkpoint.FILE_NAME + "." + gone.pid() + ".1.tmp");
        Files.write(stale, new byte[1000]); // what a writer killed mid-checkpoint leaves
        Path other = dir.resolve(".other.bin." + gone.pid() + ".1.tmp");
        Files.write(other, new byte[10]);
        Checkpoint.save(dir, new Checkpoint(Sequential.of(Linear.of(2, 2, Rng.of(1))), null, Map.of(), null, null));
        assertTrue(Files.notExists(stale), "the stale temporary file of the same target is gone");
        assertTrue(Files.exists(other), "another target's temporary file is not touched");
    }

    @Test
    void aReadOnlyRunDirectoryGivesAClearErrorAndKeepsTheCheckpoint() throws Exception {
        Sequential before = Sequential.of(Linear.of(3, 2, Rng.of(1)));
        Checkpoint.save(dir, new Checkpoint(before, null, Map.of(), null, null));
        byte[] saved = Files.readAllBytes(dir.resolve(Checkpoint.FILE_NAME));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Assumptions.assumeFalse(Files.isWritable(dir), "running as root: a read-only directory stays writable");
            Sequential after = Sequential.of(Linear.of(3, 2, Rng.of(2)));
            IOException e = assertThrows(IOException.class,
                    () -> Checkpoint.save(dir, new Checkpoint(after, null, Map.of(), null, null)));
            assertTrue(e.getMessage().contains("read-only") && e.getMessage().contains(dir.toString()),
                    e.getMessage());
            assertArrayEquals(saved, Files.readAllBytes(dir.resolve(Checkpoint.FILE_NAME)));
        } finally {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private Process worker(Path runDir) throws IOException {
        Files.createDirectories(runDir);
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", classPath, CrashSafetyWorker.class.getName(),
                runDir.toString(), Integer.toString(EPOCHS));
        pb.redirectError(ProcessBuilder.Redirect.appendTo(runDir.resolveSibling(runDir.getFileName() + ".err")
                .toFile()));
        Process p = pb.start();
        p.getOutputStream().close();
        return p;
    }

    private static String errors(Path runDir) {
        try {
            return Files.readString(runDir.resolveSibling(runDir.getFileName() + ".err"));
        } catch (IOException e) {
            return "(no stderr: " + e.getMessage() + ")";
        }
    }

    private static List<Path> tempFiles(Path runDir) throws IOException {
        try (Stream<Path> files = Files.list(runDir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    /** With -Dcrashsafety.report=FILE, appends what happened (for bench/RELIABILITY.md); tests print nothing. */
    private static void report(String line) throws IOException {
        String file = System.getProperty("crashsafety.report");
        if (file != null) {
            Files.writeString(Path.of(file), line + System.lineSeparator(), StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }
    }
}
