package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.io.Checkpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 19: small files and single flags that once hung, exhausted memory or answered wrongly, run as a user would. */
class HostileInputTest {
    @TempDir
    Path tmp;

    /** An IDX file of unsigned bytes with the given dimensions and zero values. */
    static void idx(Path file, int... dims) throws IOException {
        long count = 1;
        for (int d : dims) {
            count *= d;
        }
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + (int) count);
        b.putInt(0x0800 | dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        Files.write(file, b.array());
    }

    @Test
    void anIdxSetWithNoImagesFailsWithoutLeavingTheCtrlCHookBehind() throws IOException {
        Path data = Files.createDirectory(tmp.resolve("empty-mnist"));
        idx(data.resolve("train-images-idx3-ubyte"), 0, 28, 28);
        idx(data.resolve("train-labels-idx1-ubyte"), 0);
        idx(data.resolve("t10k-images-idx3-ubyte"), 0, 28, 28);
        idx(data.resolve("t10k-labels-idx1-ubyte"), 0);
        int before = Interrupt.installed();
        // gradient descent takes the whole (empty) set as its batch: a batch of 0 used to fail after the hook was set
        CommandRun r = CommandRun.of("train", "--data", "mnist=" + data, "--optimizer", "gd", "--epochs", "1",
                "--threads", "1", "--out", tmp.resolve("run").toString());
        assertTrue(r.exitCode() != 0, r.out());
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().contains("training set is empty"), r.err());
        // a hook left installed makes the JVM wait 30 s for it at exit
        assertEquals(before, Interrupt.installed(), r.err());
    }

    @Test
    void aCheckpointWhoseSettingsSayBatchZeroFailsWithoutLeavingTheCtrlCHookBehind() throws IOException {
        Path run = tmp.resolve("run");
        CommandRun first = CommandRun.of("train", "--data", "moons", "--limit", "100", "--model", "2-4-2",
                "--epochs", "1", "--threads", "1", "--out", run.toString());
        assertEquals(0, first.exitCode(), first.err());
        Checkpoint c = Checkpoint.load(run);
        Map<String, String> info = new HashMap<>(c.info());
        info.put("batch", "0");
        new Checkpoint(c.model(), c.architecture(), c.optimizerState(), c.history(), info, c.scheduleState())
                .save(run);
        int before = Interrupt.installed();
        CommandRun r = CommandRun.of("train", "--resume", run.toString(), "--epochs", "2", "--threads", "1");
        assertTrue(r.exitCode() != 0, r.out());
        assertTrue(r.oneLineError(), r.err());
        assertEquals(before, Interrupt.installed(), r.err());
    }
}
