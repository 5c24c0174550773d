package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.io.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code descent train} does with its data: CSV files without headers, data sets it does not know, batches. */
class TrainDataTest {
    @TempDir
    Path tmp;

    /** 600 rows of two features and a 0/1 label, no header line. */
    private Path headerlessCsv() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 600; i++) {
            double x = (i % 37) / 37.0;
            double y = (i % 23) / 23.0;
            sb.append(x).append(',').append(y).append(',').append(x + y > 1 ? 1 : 0).append('\n');
        }
        return Files.writeString(tmp.resolve("points.csv"), sb.toString());
    }

    @Test
    void aCsvWithoutAHeaderLosesNoRowAndSaysWhatItRead() throws Exception {
        CommandRun r = CommandRun.of("train", "--data", "csv=" + headerlessCsv(), "--model", "2-4-2", "--epochs", "1",
                "--threads", "1", "--out", tmp.resolve("run").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("480 training + 120 test examples"), r.out());
        assertTrue(r.out().contains("600 rows read, the first line included"), r.out());
    }

    @Test
    void helpSaysTheCsvHeaderRule() {
        String help = CommandRun.of("train", "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("header=yes|no") && help.contains("header unless all its fields but the label are"
                + " numbers"), help);
    }

    @Test
    void anUnknownDataSetSuggestsTheClosestName() {
        CommandRun r = CommandRun.of("train", "--data", "moon", "--out", tmp.resolve("x").toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.oneLineError(), r.err());
        assertTrue(r.err().contains("unknown data set 'moon'; did you mean moons?"), r.err());
        CommandRun far = CommandRun.of("train", "--data", "zzz", "--out", tmp.resolve("x").toString());
        assertEquals(2, far.exitCode(), far.err());
        assertTrue(!far.err().contains("did you mean") && far.err().contains("known: digits"), far.err());
    }

    @Test
    void aBatchLargerThanTheTrainingSetIsNotedOnce() {
        CommandRun r = CommandRun.of("train", "--data", "moons", "--limit", "100", "--batch", "500", "--model",
                "2-4-2", "--epochs", "2", "--threads", "1", "--out", tmp.resolve("run").toString());
        assertEquals(0, r.exitCode(), r.err());
        String note = "--batch 500 is more than the 100 training examples";
        assertTrue(r.err().contains(note), r.err());
        assertEquals(r.err().indexOf(note), r.err().lastIndexOf(note), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void aCsvRunStoresItsDataPathAbsoluteAndEvalSuggestsDataWhenItIsGone() throws Exception {
        Path csv = headerlessCsv();
        Path relative = Path.of("").toAbsolutePath().relativize(csv);
        Path run = tmp.resolve("run");
        CommandRun r = CommandRun.of("train", "--data", "csv=" + relative + ":header=no", "--model", "2-4-2",
                "--epochs", "1", "--threads", "1", "--out", run.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("csv=" + csv + ":header=no", Checkpoint.load(run).info().get("data"));
        assertEquals(0, CommandRun.of("eval", run.toString()).exitCode());
        Files.move(csv, tmp.resolve("moved.csv"));
        CommandRun eval = CommandRun.of("eval", run.toString());
        assertEquals(1, eval.exitCode(), eval.err());
        assertTrue(eval.oneLineError(), eval.err());
        assertTrue(eval.err().contains(csv.toString()) && eval.err().contains("pass --data SPEC"), eval.err());
        CommandRun elsewhere = CommandRun.of("eval", run.toString(), "--data", "csv=" + tmp.resolve("moved.csv"));
        assertEquals(0, elsewhere.exitCode(), elsewhere.err());
    }
}
