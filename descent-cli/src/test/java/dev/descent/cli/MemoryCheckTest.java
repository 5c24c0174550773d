package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A model too large for the heap is refused in one line before anything is allocated; a late OOM is one line too. */
class MemoryCheckTest {
    @TempDir
    Path tmp;

    @Test
    void aModelTooLargeForTheHeapIsRefusedWithTheEstimateAndTheWayToRaiseTheLimit() {
        Path out = tmp.resolve("huge");
        CommandRun r = CommandRun.of("train", "--data", "moons", "--limit", "100", "--model", "2-2000000000-2",
                "--threads", "1", "--out", out.toString());
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().contains("the model 2-2000000000-2 needs about") && r.err().contains("JAVA_OPTS=-Xmx")
                && r.err().contains("Java may use"), r.err());
        assertTrue(r.err().contains(MemoryCheck.bytes(Runtime.getRuntime().maxMemory())), r.err());
        assertFalse(Files.exists(out), "no empty run directory stays behind");
    }

    @Test
    void aConvolutionalModelTooLargeForTheHeapIsRefusedBeforeItIsBuilt() {
        Path out = tmp.resolve("wide");
        CommandRun r = CommandRun.of("train", "--data", "digits", "--limit", "100", "--model", "conv1000000-10",
                "--threads", "1", "--out", out.toString());
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().contains("the model 1x28x28-conv1000000-10 needs about") && r.err().contains("workspace"),
                r.err());
        assertFalse(Files.exists(out), "no empty run directory stays behind");
    }

    @Test
    void anOutOfMemoryErrorBecomesOneLine() {
        CommandLine cl = new CommandLine(new Allocates());
        Main.configure(cl);
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute();
        CommandRun r = new CommandRun(code, "", err.toString());
        assertEquals(Main.FAILURE, code, r.err());
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().startsWith("descent: out of memory: Java may use at most"), r.err());
    }

    @Test
    void bytesAreShortAndBinary() {
        assertEquals("0 B", MemoryCheck.bytes(0));
        assertEquals("1.5 KB", MemoryCheck.bytes(1536));
        assertEquals("6.0 GB", MemoryCheck.bytes(6L << 30));
        assertEquals("8g", MemoryCheck.heapFor(6L << 30));
    }

    @CommandLine.Command(name = "allocates")
    static final class Allocates implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new OutOfMemoryError("Java heap space");
        }
    }
}
