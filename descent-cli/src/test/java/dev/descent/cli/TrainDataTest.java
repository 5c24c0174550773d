package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
